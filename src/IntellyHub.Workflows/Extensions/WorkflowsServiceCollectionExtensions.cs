using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Descriptors;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Expressions;
using IntellyHub.Workflows.Expressions.JavaScript;
using IntellyHub.Workflows.Expressions.Liquid;
using IntellyHub.Workflows.Registration;
using IntellyHub.Workflows.Serialization;
using IntellyHub.Workflows.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IntellyHub.Extensions;

/// <summary>Adds the IntellyHub workflow engine to any .NET application.</summary>
public static class WorkflowsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the engine: built-in activities, the Literal/Object/Variable/JavaScript/Liquid syntaxes,
    /// the runner, the Elsa JSON serializer and descriptor generation. <paramref name="configure"/> adds
    /// activities from other assemblies and changes options.
    /// </summary>
    public static IServiceCollection AddIntellyHub(this IServiceCollection services, Action<IntellyHubBuilder>? configure = null)
    {
        var builder = new IntellyHubBuilder(services);
        builder.AddExpressionEvaluator<LiteralExpressionEvaluator>()
            .AddExpressionEvaluator<VariableExpressionEvaluator>()
            .AddExpressionEvaluator<ObjectExpressionEvaluator>()
            .AddExpressionEvaluator<LiquidExpressionEvaluator>();
        // "Json" is Elsa's older name of "Object": a second instance of the same evaluator type, so it is added directly.
        if (!services.Any(d => d.ServiceType == typeof(IExpressionEvaluator) && d.ImplementationInstance is ObjectExpressionEvaluator { Syntax: ExpressionSyntax.Json }))
            services.AddSingleton<IExpressionEvaluator>(new ObjectExpressionEvaluator(ExpressionSyntax.Json));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExpressionEvaluator, JavaScriptExpressionEvaluator>(sp => sp.GetRequiredService<JavaScriptExpressionEvaluator>()));
        configure?.Invoke(builder);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(builder.Activities);
        services.TryAddSingleton(builder.JavaScript);
        services.TryAddSingleton<JavaScriptExpressionEvaluator>();
        services.TryAddSingleton<ExpressionEvaluator>();
        services.TryAddSingleton<WorkflowRunner>();
        services.TryAddSingleton<WorkflowDefinitionSerializer>();
        services.TryAddSingleton<ActivityDescriptorProvider>();
        services.TryAddSingleton<TriggerIndexer>();
        services.TryAddSingleton<WorkflowValidator>();
        services.TryAddSingleton<IStandardOutput, ConsoleStandardOutput>();
        return services;
    }
}
