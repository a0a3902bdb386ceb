using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities.Scheduling;

/// <summary>The stimulus of a timed wait (<see cref="Delay"/>, and <see cref="Timer"/>, <see cref="Cron"/>, <see cref="StartAt"/> inside a workflow): the moment it is due, and the waiting execution (so each wait is unique).</summary>
public sealed record DelayStimulus(DateTimeOffset ResumeAt, string ActivityInstanceId);

/// <summary>
/// Waits for a time span. The workflow suspends on a bookmark carrying its due time
/// (metadata <c>ResumeAt</c>); the runtime's scheduler resumes it when it is due.
/// </summary>
[Activity("Elsa.Delay", Category = "Scheduling", Description = "Waits for a time span before continuing.")]
public sealed class Delay : Activity
{
    /// <summary>Bookmark metadata key holding the due time (ISO 8601).</summary>
    public const string ResumeAtMetadataKey = "ResumeAt";

    public Delay() { }

    public Delay(TimeSpan timeSpan) => TimeSpan = new Input<TimeSpan>(timeSpan);

    [Input(Description = "How long to wait (hh:mm:ss).", UIHint = InputUIHints.SingleLine, DefaultValue = "00:01:00")]
    public Input<TimeSpan> TimeSpan { get; set; } = new(System.TimeSpan.FromMinutes(1));

    /// <inheritdoc />
    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var delay = context.Get(TimeSpan);
        if (delay <= System.TimeSpan.Zero) return context.CompleteAsync();
        TimedBookmark.Create(context, context.Clock.GetUtcNow() + delay);
        return default;
    }
}
