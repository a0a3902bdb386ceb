namespace IntellyHub.Workflows.Execution;

/// <summary>Whether a workflow instance can still make progress.</summary>
public enum WorkflowStatus
{
    Running,
    Finished,
}

/// <summary>The detailed state of a workflow instance (Elsa's names).</summary>
public enum WorkflowSubStatus
{
    Pending,
    Executing,
    Suspended,
    Finished,
    Cancelled,
    Faulted,
    Interrupted,
}

/// <summary>The state of one activity execution.</summary>
public enum ActivityStatus
{
    Pending,
    Running,
    Completed,
    Canceled,
    Faulted,
}

/// <summary>What happens to the workflow when an activity faults.</summary>
public enum IncidentStrategy
{
    /// <summary>The workflow stops as Faulted (default).</summary>
    Fault,

    /// <summary>The faulted activity's branch stops; the rest of the workflow goes on and the incident is recorded.</summary>
    ContinueWithIncidents,
}

/// <summary>When the runtime stores a run (the definition's <c>options.commitStrategyName</c>).</summary>
public enum CommitStrategy
{
    /// <summary>Every run is stored: its instance, bookmarks and journal (default).</summary>
    Always,

    /// <summary>
    /// <c>Transient</c>: a run that finishes in one go is not stored at all (request/response flows, the fastest
    /// way to run); a run that suspends, faults or is cancelled is stored as usual.
    /// </summary>
    Transient,
}
