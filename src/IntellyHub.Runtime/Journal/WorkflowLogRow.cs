namespace IntellyHub.Runtime.Journal;

/// <summary>A workflow-level log entry (started, suspended, resumed, finished, faulted, cancelled…).</summary>
public sealed class WorkflowLogRow
{
    public long Id { get; set; }
    public required string WorkflowInstanceId { get; set; }
    public required string EventName { get; set; }
    public string? Message { get; set; }

    /// <summary>JSON payload (e.g. the bookmark that resumed the run).</summary>
    public string? Payload { get; set; }

    public DateTimeOffset Timestamp { get; set; }
}
