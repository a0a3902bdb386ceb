namespace IntellyHub.Workflows.Execution;

/// <summary>A fault recorded against an activity.</summary>
public sealed class Incident
{
    public required string Id { get; init; }
    public required string ActivityId { get; init; }
    public required string ActivityNodeId { get; init; }
    public required string ActivityType { get; init; }

    /// <summary>The faulted activity execution (used to retry it).</summary>
    public required string ActivityInstanceId { get; init; }

    public required string Message { get; init; }
    public ExceptionInfo? Exception { get; init; }
    public DateTimeOffset Timestamp { get; init; }
}

/// <summary>A serializable description of an exception.</summary>
public sealed class ExceptionInfo
{
    public required string Type { get; init; }
    public required string Message { get; init; }
    public string? StackTrace { get; init; }
    public ExceptionInfo? InnerException { get; init; }

    /// <summary>Describes an exception and its inner exceptions.</summary>
    public static ExceptionInfo From(Exception exception) => new()
    {
        Type = exception.GetType().FullName ?? exception.GetType().Name,
        Message = exception.Message,
        StackTrace = exception.StackTrace,
        InnerException = exception.InnerException is { } inner ? From(inner) : null,
    };
}
