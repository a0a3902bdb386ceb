using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.State;

/// <summary>
/// A serializable snapshot of a workflow instance. A suspended workflow written out by one process
/// resumes in another from this snapshot and its definition. Values are plain JSON-serializable data.
/// </summary>
public sealed class WorkflowState
{
    public string Id { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public string DefinitionVersionId { get; set; } = "";
    public int DefinitionVersion { get; set; } = 1;
    public string? CorrelationId { get; set; }
    public WorkflowStatus Status { get; set; }
    public WorkflowSubStatus SubStatus { get; set; }
    public List<Bookmark> Bookmarks { get; set; } = [];
    public List<Incident> Incidents { get; set; } = [];

    /// <summary>Active activity executions, parents before children.</summary>
    public List<ActivityExecutionContextState> ActivityExecutionContexts { get; set; } = [];

    /// <summary>Ids of executions scheduled but not yet run (an interrupted burst), in order.</summary>
    public List<string> ScheduledActivityInstanceIds { get; set; } = [];

    /// <summary>Variable values by variable id.</summary>
    public Dictionary<string, object?> Variables { get; set; } = [];

    /// <summary>Latest outputs per activity id (for <c>getOutputFrom</c> after a resume).</summary>
    public Dictionary<string, Dictionary<string, object?>> ActivityOutputs { get; set; } = [];

    public object? LastResult { get; set; }
    public Dictionary<string, object?> Input { get; set; } = [];
    public Dictionary<string, object?> Output { get; set; } = [];
    public Dictionary<string, object?> Properties { get; set; } = [];
    public string? TriggerActivityId { get; set; }
    public bool TriggerConsumed { get; set; }

    /// <summary>Sequence number of the last journal record.</summary>
    public long JournalSequence { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>The persisted form of an active activity execution.</summary>
public sealed class ActivityExecutionContextState
{
    public string Id { get; set; } = "";
    public string? ParentContextId { get; set; }
    public string ScheduledActivityNodeId { get; set; } = "";
    public ActivityStatus Status { get; set; }
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>Name of the owner's method called when this execution completes.</summary>
    public string? CompletionCallbackMethodName { get; set; }

    /// <summary>The activity's state properties.</summary>
    public Dictionary<string, object?> Properties { get; set; } = [];

    /// <summary>The evaluated inputs by input name (Elsa's <c>activityState</c>).</summary>
    public Dictionary<string, object?>? ActivityState { get; set; }
}
