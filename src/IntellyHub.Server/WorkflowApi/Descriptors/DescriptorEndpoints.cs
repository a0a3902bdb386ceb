using System.Text.Json;
using System.Text.Json.Nodes;
using IntellyHub.Runtime.Definitions;
using IntellyHub.Workflows;
using IntellyHub.Workflows.Descriptors;
using Microsoft.AspNetCore.Mvc;

namespace IntellyHub.Server.WorkflowApi.Descriptors;

/// <summary>
/// What Studio needs to draw and edit: activity descriptors (plus placeholders for stored types without one),
/// expression syntaxes, variable types, storage drivers, the strategies IntellyHub implements, installed features,
/// the package version and JavaScript type definitions for the editor. Lists IntellyHub has nothing for answer an
/// empty list (Studio shows an error bar on a 404 there, contract §6.9).
/// </summary>
public static class DescriptorEndpoints
{
    /// <summary>The storage driver of workflow variables: the instance's state.</summary>
    public const string InstanceStorageDriver = "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core";

    private static readonly object[] ActivationStrategies =
    [
        new { typeName = "Elsa.Workflows.Activation.Strategies.AllowAlwaysStrategy, Elsa.Workflows.Core", displayName = "Always", description = "Always allow the creation of a new workflow instance." },
    ];

    private static readonly object[] IncidentStrategies =
    [
        new { typeName = "Elsa.Workflows.IncidentStrategies.FaultStrategy, Elsa.Workflows.Core", displayName = "Fault", description = "The workflow is faulted when an activity faults." },
        new { typeName = "Elsa.Workflows.IncidentStrategies.ContinueWithIncidentsStrategy, Elsa.Workflows.Core", displayName = "Continue with incidents", description = "The workflow continues; the fault is recorded as an incident." },
    ];

    // Studio's Settings tab lists these under "Commit strategy"; none selected stores every run.
    private static readonly object[] WorkflowCommitStrategies =
    [
        new { name = "Transient", displayName = "Transient", description = "A run that finishes in one go is not stored (fastest; it does not appear among the instances). A run that suspends, faults or is cancelled is stored." },
    ];

    private static readonly string[] VariableTypes =
    [
        "Object", "String", "Boolean", "Int32", "Int64", "Double", "Decimal", "Guid", "DateTime", "DateTimeOffset", "TimeSpan", "Uri",
        "JsonElement", "JsonNode", "ObjectDictionary", "StringDictionary", "ObjectList", "StringList", "ByteArray",
    ];

    /// <summary>Maps the endpoints onto the API group (all read policy).</summary>
    public static RouteGroupBuilder MapDescriptorEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/descriptors/activities", ListActivitiesAsync);
        api.MapGet("/descriptors/activities/{typeName}", GetActivityAsync);
        api.MapPost("/descriptors/activities/{typeName}/options/{propertyName}", GetOptions);
        api.MapGet("/descriptors/expression-descriptors", (ActivityDescriptorProvider provider) =>
        {
            var items = provider.GetExpressionDescriptors().Select(d => new { type = d.Type, displayName = d.DisplayName, isSerializable = true, isBrowsable = d.IsBrowsable, properties = d.Properties ?? new Dictionary<string, object>() }).ToList();
            return Results.Ok(new { items, count = items.Count });
        });
        api.MapGet("/descriptors/variables", () => Results.Ok(new
        {
            items = VariableTypes.Select(t => new { typeName = t, displayName = t, category = Category(t), description = (string?)null }),
        }));
        api.MapGet("/descriptors/storage-drivers", () => Results.Ok(new
        {
            items = new[] { new { typeName = InstanceStorageDriver, displayName = "Workflow Instance", priority = 0, deprecated = false } },
        }));
        api.MapGet("/descriptors/workflow-activation-strategies", () => Results.Ok(new { items = ActivationStrategies, count = ActivationStrategies.Length }));
        api.MapGet("/descriptors/incident-strategies", () => Results.Ok(new { items = IncidentStrategies, count = IncidentStrategies.Length }));
        api.MapGet("/descriptors/log-persistence-strategies", () => Results.Ok(new ListResponse<object>([])));
        api.MapGet("/descriptors/commit-strategies/workflows", () => Results.Ok(new ListResponse<object>(WorkflowCommitStrategies)));
        api.MapGet("/descriptors/commit-strategies/activities", () => Results.Ok(new ListResponse<object>([])));
        api.MapGet("/descriptors/output-converters", () => Results.Ok(new { items = Array.Empty<object>() }));
        api.MapGet("/resilience/strategies", () => Results.Ok(new ListResponse<object>([])));
        // No Elsa feature is advertised: Studio then polls instead of using SignalR and hides feature-gated panels.
        api.MapGet("/features/installed", () => Results.Ok(new ListResponse<object>([])));
        api.MapGet("/features/installed/{fullName}", (string fullName) =>
            ApiProblems.NotFound($"Feature '{fullName}' is not installed."));
        api.MapGet("/package/version", () => Results.Ok(new { packageVersion = typeof(DescriptorEndpoints).Assembly.GetName().Version?.ToString(3) ?? "1.0.0" }));
        api.MapPost("/scripting/javascript/type-definitions/{definitionId}", TypeDefinitionsAsync);
        return api;
    }

    /// <summary>Every installed activity, plus a descriptor for each stored (type, version) without one.</summary>
    private static async Task<IResult> ListActivitiesAsync(ActivityDescriptorProvider provider, StoredActivityTypes stored, CancellationToken cancellationToken)
    {
        var items = new JsonArray();
        foreach (var descriptor in provider.GetDescriptors()) items.Add(JsonSerializer.SerializeToNode(descriptor, WorkflowApiJson.Options));
        foreach (var (typeName, version) in await stored.GetMissingAsync(cancellationToken))
        {
            // An installed type stored with another version: the installed descriptor under that version (the engine runs it as the installed one).
            var node = provider.Find(typeName) is { } installed && installed.TypeName == typeName
                ? JsonSerializer.SerializeToNode(installed, WorkflowApiJson.Options)!
                : JsonSerializer.SerializeToNode(ActivityDescriptorProvider.CreatePlaceholder(typeName, version), WorkflowApiJson.Options)!;
            node["version"] = version;
            items.Add(node);
        }

        return Results.Ok(new JsonObject { ["items"] = items, ["count"] = items.Count });
    }

    private static async Task<IResult> GetActivityAsync(string typeName, ActivityDescriptorProvider provider, StoredActivityTypes stored, CancellationToken cancellationToken, [FromQuery] int? version = null)
    {
        if (provider.Find(typeName, version) is { } descriptor && (version is null || descriptor.Version == version)) return Results.Ok(descriptor);
        var missing = await stored.GetMissingAsync(cancellationToken);
        if (missing.Any(m => m.TypeName == typeName && (version is null || m.Version == version)))
            return Results.Ok(ActivityDescriptorProvider.CreatePlaceholder(typeName, version ?? missing.First(m => m.TypeName == typeName).Version));
        return ApiProblems.NotFound($"Activity type '{typeName}'{(version is null ? "" : $" version {version}")} is not installed.");
    }

    /// <summary>Options of an input that refreshes (none of IntellyHub's inputs depend on others yet): its current UI specifications.</summary>
    private static IResult GetOptions(string typeName, string propertyName, ActivityDescriptorProvider provider)
    {
        var input = provider.Find(typeName)?.Inputs.FirstOrDefault(i => string.Equals(i.Name, propertyName, StringComparison.OrdinalIgnoreCase));
        return input is null
            ? ApiProblems.NotFound($"Activity type '{typeName}' has no input '{propertyName}'.")
            : Results.Ok(new { items = input.UiSpecifications ?? new JsonObject() });
    }

    /// <summary>TypeScript declarations as plain text (Studio loads them into Monaco; always 200).</summary>
    private static async Task<IResult> TypeDefinitionsAsync(string definitionId, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        var record = await definitions.FindAsync(definitionId, VersionOptions.Latest, cancellationToken);
        var variables = record is null ? null : JsonNode.Parse(record.Data)?["variables"] as JsonArray;
        return Results.Text(JavaScriptTypeDefinitions.For(variables), "application/x-typescript");
    }

    private static string Category(string typeName) => TypeAliases.Resolve(typeName) switch
    {
        var t when t.IsPrimitive || t == typeof(string) || t == typeof(decimal) || t == typeof(object) => "Primitives",
        var t when t.Namespace == "System.Text.Json" || t.Namespace == "System.Text.Json.Nodes" => "Dynamic",
        var t when t.IsGenericType || t.IsArray => "Collections",
        _ => "Primitives",
    };
}
