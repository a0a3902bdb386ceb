using IntellyHub.Workflows.Execution;

namespace IntellyHub.Runtime.Journal;

/// <summary>A stored journal record: one activity execution.</summary>
public sealed class ActivityExecutionRow
{
    public required string WorkflowInstanceId { get; set; }

    /// <summary>The activity execution (instance) id; unique within its workflow instance.</summary>
    public required string Id { get; set; }

    public required string ActivityId { get; set; }
    public required string ActivityNodeId { get; set; }
    public required string ActivityType { get; set; }
    public int ActivityTypeVersion { get; set; }
    public string? ActivityName { get; set; }
    public string? ParentActivityInstanceId { get; set; }
    public long Sequence { get; set; }
    public ActivityExecutionStatus Status { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public bool HasBookmarks { get; set; }

    /// <summary>JSON array of outcome names.</summary>
    public string? Outcomes { get; set; }

    /// <summary>JSON object of evaluated inputs.</summary>
    public string? Inputs { get; set; }

    /// <summary>JSON object of outputs.</summary>
    public string? Outputs { get; set; }

    /// <summary>JSON of the exception, for faults.</summary>
    public string? Exception { get; set; }
}
