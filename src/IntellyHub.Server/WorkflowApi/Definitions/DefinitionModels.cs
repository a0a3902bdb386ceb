using System.Text.Json.Nodes;

namespace IntellyHub.Server.WorkflowApi.Definitions;

/// <summary>A definition version in lists (Elsa's <c>LinkedWorkflowDefinitionSummary</c>).</summary>
public sealed record DefinitionSummary(
    string Id,
    string DefinitionId,
    string? Name,
    string? Description,
    int Version,
    string ToolVersion,
    bool IsLatest,
    bool IsPublished,
    string MaterializerName,
    bool IsMaterializerAvailable,
    bool IsReadonly,
    bool IsSystem,
    DateTimeOffset CreatedAt,
    IReadOnlyList<Link> Links);

/// <summary>The definition list: a page of summaries plus list-level links (<c>bulk-publish</c> makes Studio's list editable).</summary>
public sealed record DefinitionPage(IReadOnlyList<DefinitionSummary> Items, long TotalCount, IReadOnlyList<Link> Links);

/// <summary>The answer to a save or publish: the definition as stored, with its links.</summary>
public sealed record SaveDefinitionResponse(JsonObject WorkflowDefinition, bool AlreadyPublished, int ConsumingWorkflowCount, IReadOnlyList<string> ValidationErrors);

/// <summary><c>{definitionIds}</c> of the bulk actions.</summary>
public sealed class DefinitionIdsRequest
{
    public List<string>? DefinitionIds { get; set; }
}

/// <summary><c>{ids}</c> (version ids) of the bulk version actions and bulk export.</summary>
public sealed class VersionIdsRequest
{
    public List<string>? Ids { get; set; }
}

/// <summary>The result of a bulk publish (Elsa's shape).</summary>
public sealed record BulkPublishResponse(
    IReadOnlyList<string> Published, IReadOnlyList<string> AlreadyPublished, IReadOnlyList<string> NotFound, IReadOnlyList<string> Skipped,
    IReadOnlyList<string> UpdatedConsumers, IReadOnlyList<string> Failed, IReadOnlyDictionary<string, IReadOnlyList<string>> Warnings);

/// <summary>The result of a bulk retract (Elsa's shape).</summary>
public sealed record BulkRetractResponse(IReadOnlyList<string> Retracted, IReadOnlyList<string> AlreadyRetracted, IReadOnlyList<string> NotFound, IReadOnlyList<string> Skipped);

/// <summary>A start request (execute and dispatch).</summary>
public sealed class ExecuteRequest
{
    public string? CorrelationId { get; set; }
    public string? Name { get; set; }
    public string? TriggerActivityId { get; set; }
    public string? InstanceId { get; set; }

    /// <summary>Elsa's version options as text; Studio's Run sends <c>Latest</c>. Default: Published.</summary>
    public JsonNode? VersionOptions { get; set; }

    /// <summary>The workflow input (a JSON object).</summary>
    public JsonObject? Input { get; set; }
}

/// <summary>The answer of a dispatch.</summary>
public sealed record DispatchResponse(string WorkflowInstanceId);
