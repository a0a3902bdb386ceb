using System.Text.Json.Serialization;
using IntellyHub.Server.Security;
using IntellyHub.Server.WorkflowApi.Definitions;
using IntellyHub.Server.WorkflowApi.Descriptors;
using IntellyHub.Server.WorkflowApi.Instances;

namespace IntellyHub.Extensions;

/// <summary>The Elsa 3 workflow REST API under <c>/elsa/api</c>, the one Elsa Studio and other clients call.</summary>
public static class WorkflowApiEndpoints
{
    /// <summary>The base path (Studio's <c>remote-endpoint</c>).</summary>
    public const string BasePath = "/elsa/api";

    /// <summary>JSON as Elsa writes it: camelCase, enums by name.</summary>
    public static IServiceCollection AddWorkflowApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddSingleton<DefinitionPresenter>();
        services.AddSingleton<DefinitionQuery>();
        services.AddSingleton<DefinitionValidation>();
        services.AddSingleton<StoredActivityTypes>();
        return services;
    }

    /// <summary>Maps every endpoint; each requires at least the read policy, changes require edit.</summary>
    public static WebApplication MapWorkflowApi(this WebApplication app)
    {
        var api = app.MapGroup(BasePath).RequireAuthorization(AccessPolicies.Read).WithTags("Workflow API");
        api.MapDefinitionEndpoints();
        api.MapDescriptorEndpoints();
        api.MapInstanceEndpoints();
        return app;
    }
}
