using IntellyHub.Workflows.Execution;

namespace IntellyHub.Runtime.Instances;

/// <summary>An instance after a run: its status, bookmarks, incidents and output.</summary>
public sealed record WorkflowRunResult(
    string InstanceId,
    WorkflowStatus Status,
    WorkflowSubStatus SubStatus,
    IReadOnlyList<Bookmark> Bookmarks,
    IReadOnlyList<Incident> Incidents,
    IDictionary<string, object?> Output);

/// <summary>What happened to a resume, cancel or retry request.</summary>
public enum InstanceOperationStatus
{
    /// <summary>The instance ran; see <see cref="InstanceOperationResult.Run"/>.</summary>
    Done,

    /// <summary>No such bookmark (unknown, or already consumed by another stimulus).</summary>
    BookmarkNotFound,

    /// <summary>No such instance.</summary>
    InstanceNotFound,

    /// <summary>The instance has finished; nothing ran.</summary>
    InstanceFinished,

    /// <summary>The faulted activity execution to retry does not exist.</summary>
    ActivityNotFound,

    /// <summary>Another process is running the instance; the request was queued and runs after it.</summary>
    Queued,

    /// <summary>The stored state could not be used; the instance was marked Faulted with the reason.</summary>
    CorruptState,
}

/// <summary>The result of an operation on an existing instance.</summary>
public sealed record InstanceOperationResult(InstanceOperationStatus Status, string? InstanceId, WorkflowRunResult? Run = null, string? Message = null)
{
    public bool Succeeded => Status == InstanceOperationStatus.Done;
}

/// <summary>What a stimulus did: the bookmarks it resumed and the workflows it started.</summary>
public sealed record TriggerResult(IReadOnlyList<InstanceOperationResult> Resumed, IReadOnlyList<WorkflowRunResult> Started);

/// <summary>How to start a workflow.</summary>
public sealed record StartWorkflowRequest
{
    /// <summary>The definition; with <see cref="DefinitionVersionId"/> empty, <see cref="VersionOptions"/> picks the version.</summary>
    public string? DefinitionId { get; init; }

    public string? DefinitionVersionId { get; init; }
    public Definitions.VersionOptions VersionOptions { get; init; } = Definitions.VersionOptions.Published;
    public string? InstanceId { get; init; }
    public string? CorrelationId { get; init; }
    public IDictionary<string, object?>? Input { get; init; }
    public string? TriggerActivityId { get; init; }

    /// <summary>A key that makes the start happen once however often the request is repeated.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Overrides the definition's commit strategy for this start (e.g. a host running every HTTP flow transient).</summary>
    public CommitStrategy? CommitStrategy { get; init; }

    /// <summary>
    /// How long this run may go on before it is interrupted (so its caller waits no longer). It then stops before its
    /// next activity, or inside one that observes cancellation (which runs again), but not before its trigger has run;
    /// it is committed as Interrupted and continues from the dispatch queue. Empty, zero or negative: no limit.
    /// </summary>
    public TimeSpan? RunTimeLimit { get; init; }
}

/// <summary>No definition version matches a start request.</summary>
public sealed class WorkflowNotFoundException(string message) : Exception(message);
