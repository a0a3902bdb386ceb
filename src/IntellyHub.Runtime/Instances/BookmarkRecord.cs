namespace IntellyHub.Runtime.Instances;

/// <summary>A bookmark of a suspended instance, indexed by stimulus kind and hash.</summary>
public sealed class BookmarkRecord
{
    public required string Id { get; set; }
    public required string WorkflowInstanceId { get; set; }

    /// <summary>The stimulus kind (usually the activity type).</summary>
    public required string Name { get; set; }
    public required string Hash { get; set; }
    public required string ActivityInstanceId { get; set; }
    public required string ActivityNodeId { get; set; }
    public string? Payload { get; set; }

    /// <summary>When a timed bookmark (Delay) is due.</summary>
    public DateTimeOffset? ResumeAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
