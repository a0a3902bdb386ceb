using IntellyHub.Workflows.State;

namespace IntellyHub.Workflows.Execution;

/// <summary>What a call to the runner did.</summary>
public enum RunOutcome
{
    /// <summary>The workflow ran (it may have finished, faulted or suspended).</summary>
    Ran,

    /// <summary>No bookmark with that id exists in the instance (unknown or already consumed); nothing ran.</summary>
    BookmarkNotFound,

    /// <summary>The instance has finished; nothing ran.</summary>
    NotRunning,

    /// <summary>The activity execution to retry does not exist or did not fault; nothing ran.</summary>
    ActivityNotFound,
}

/// <summary>The result of running, resuming or cancelling a workflow.</summary>
public sealed class RunWorkflowResult
{
    private WorkflowState? _state;
    private readonly WorkflowExecutionContext? _context;

    internal RunWorkflowResult(WorkflowExecutionContext context)
    {
        _context = context;
        Outcome = RunOutcome.Ran;
    }

    internal RunWorkflowResult(RunOutcome outcome, WorkflowState state)
    {
        Outcome = outcome;
        _state = state;
    }

    public RunOutcome Outcome { get; }

    /// <summary>The live context of the run (null when nothing ran).</summary>
    public WorkflowExecutionContext? Context => _context;

    /// <summary>The instance snapshot after the run (computed on first access).</summary>
    public WorkflowState State => _state ??= WorkflowStateMapper.Snapshot(_context!);

    public WorkflowStatus Status => _context?.Status ?? _state!.Status;
    public WorkflowSubStatus SubStatus => _context?.SubStatus ?? _state!.SubStatus;

    /// <summary>Journal records written or updated by this run.</summary>
    public IReadOnlyList<ActivityExecutionRecord> Journal => _context?.Journal ?? [];

    public IReadOnlyList<Bookmark> Bookmarks => _context?.Bookmarks ?? _state!.Bookmarks;
    public IReadOnlyList<Incident> Incidents => _context?.Incidents ?? _state!.Incidents;
    public IDictionary<string, object?> Output => _context?.Output ?? _state!.Output;
}
