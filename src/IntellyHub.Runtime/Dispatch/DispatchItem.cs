namespace IntellyHub.Runtime.Dispatch;

/// <summary>What a dispatched work item asks for.</summary>
public enum DispatchKind
{
    /// <summary>Start a new instance.</summary>
    Start,

    /// <summary>Resume a bookmark of an instance.</summary>
    Resume,

    /// <summary>Continue an instance whose run was interrupted or whose process died.</summary>
    Continue,
}

/// <summary>
/// A durable request in the dispatch queue. It stays until a worker has committed its effect (in the
/// same transaction), so work accepted before a crash is done after it.
/// </summary>
public sealed class DispatchItem
{
    public long Id { get; set; }
    public DispatchKind Kind { get; set; }
    public required string WorkflowInstanceId { get; set; }
    public string? DefinitionVersionId { get; set; }
    public string? BookmarkId { get; set; }

    /// <summary>JSON: input, correlation id, trigger activity id.</summary>
    public string? Payload { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Not taken before this time (claimed items are hidden until their claim expires).</summary>
    public DateTimeOffset VisibleAt { get; set; }

    public string? ClaimedBy { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}
