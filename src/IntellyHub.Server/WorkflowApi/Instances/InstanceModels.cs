using System.Text.Json;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Server.WorkflowApi.Instances;

/// <summary>Elsa's <c>WorkflowInstanceSummary</c>: an instance in lists (no state).</summary>
public sealed record WorkflowInstanceSummaryModel(
    string Id,
    string DefinitionId,
    string DefinitionVersionId,
    int Version,
    WorkflowStatus Status,
    WorkflowSubStatus SubStatus,
    string? CorrelationId,
    string? Name,
    int IncidentCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt);

/// <summary>Elsa's <c>WorkflowInstance</c>: the summary fields plus the state the instance viewer reads.</summary>
public sealed record WorkflowInstanceModel(
    string Id,
    string DefinitionId,
    string DefinitionVersionId,
    int Version,
    string? ParentWorkflowInstanceId,
    WorkflowStateModel WorkflowState,
    WorkflowStatus Status,
    WorkflowSubStatus SubStatus,
    bool IsExecuting,
    string? CorrelationId,
    string? Name,
    int IncidentCount,
    bool IsSystem,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt);

/// <summary>
/// Elsa's <c>WorkflowState</c> as the instance viewer reads it. Bookmarks and incidents are the engine's own
/// objects, whose JSON already has Elsa's property names (plus our <c>id</c>/<c>activityId</c> extras).
/// </summary>
public sealed record WorkflowStateModel(
    string Id,
    string DefinitionId,
    string DefinitionVersionId,
    int DefinitionVersion,
    string? CorrelationId,
    WorkflowStatus Status,
    WorkflowSubStatus SubStatus,
    IReadOnlyList<Bookmark> Bookmarks,
    IReadOnlyList<Incident> Incidents,
    WorkflowFaultModel? Fault,
    IReadOnlyList<CompletionCallbackModel> CompletionCallbacks,
    IReadOnlyList<ActivityExecutionContextModel> ActivityExecutionContexts,
    IDictionary<string, object?> Input,
    IDictionary<string, object?> Output,
    IDictionary<string, object?> Properties,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt);

/// <summary>Elsa's <c>WorkflowFaultState</c>: why a workflow faulted.</summary>
public sealed record WorkflowFaultModel(ExceptionInfo? Exception, string Message, string? FaultedActivityId);

/// <summary>Elsa's <c>CompletionCallbackState</c>: the owner execution waiting for a child node to complete.</summary>
public sealed record CompletionCallbackModel(string OwnerInstanceId, string ChildNodeId, string? MethodName);

/// <summary>Elsa's <c>ActivityExecutionContextState</c>, plus the execution's status and start time.</summary>
public sealed record ActivityExecutionContextModel(
    string Id,
    string? ParentContextId,
    string ScheduledActivityNodeId,
    string? OwnerActivityNodeId,
    ActivityStatus Status,
    DateTimeOffset StartedAt,
    IDictionary<string, object?> Properties,
    IDictionary<string, object?>? ActivityState,
    IReadOnlyList<object> DynamicVariables);

/// <summary>Elsa's <c>ResolvedVariableModel</c>: a variable of an instance with its current value.</summary>
public sealed record ResolvedVariableModel(string Id, string Name, object? Value);

/// <summary>Elsa's execution-state response; <c>workflowSubStatus</c> is the name Elsa's client reads, <c>subStatus</c> the one its server writes.</summary>
public sealed record ExecutionStateModel(WorkflowStatus Status, WorkflowSubStatus SubStatus, WorkflowSubStatus WorkflowSubStatus, DateTimeOffset UpdatedAt);

/// <summary>The bulk-cancel response: <c>{cancelled}</c>.</summary>
public sealed record BulkCancelResponse(int Cancelled);

/// <summary>The import response: <c>{imported}</c> (Elsa's), plus the ids of the instances imported.</summary>
public sealed record ImportInstancesResponse(int Imported, IReadOnlyList<string> InstanceIds);

/// <summary>Reads JSON text stored in a column; unreadable text gives null rather than an error.</summary>
internal static class StoredJson
{
    public static JsonElement? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
