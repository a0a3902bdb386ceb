using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities.Scheduling;

/// <summary>The trigger stimulus of <see cref="Timer"/>: the interval and what to do about missed occurrences.</summary>
public sealed record TimerTriggerStimulus(TimeSpan Interval, TimerMisfirePolicy MisfirePolicy);

/// <summary>
/// Starts a published workflow every <see cref="Interval"/> (the first time one interval after it was published).
/// Inside a workflow it waits one interval, as <c>Elsa.Delay</c> does.
/// </summary>
[Activity("Elsa.Timer", Category = "Scheduling", Kind = ActivityKind.Trigger, Description = "Starts the workflow at an interval; inside a workflow, waits one interval.")]
public sealed class Timer : Activity, ITrigger
{
    public Timer() { }

    public Timer(TimeSpan interval) => Interval = new Input<TimeSpan>(interval);

    [Input(Description = "The interval at which the workflow starts (hh:mm:ss).", UIHint = InputUIHints.SingleLine, DefaultValue = "00:01:00")]
    public Input<TimeSpan> Interval { get; set; } = new(TimeSpan.FromMinutes(1));

    [Input(Description = "Occurrences missed while no server ran: RunOnce runs once when a server is up again; Skip waits for the next one.",
        UIHint = InputUIHints.Dropdown, Options = ["RunOnce", "Skip"], DefaultValue = "RunOnce")]
    public Input<TimerMisfirePolicy> MisfirePolicy { get; set; } = new(TimerMisfirePolicy.RunOnce);

    /// <inheritdoc />
    public IEnumerable<object> GetTriggerStimuli(ActivityExecutionContext context) =>
        [new TimerTriggerStimulus(IntervalOf(context), context.Get(MisfirePolicy))];

    /// <inheritdoc />
    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.IsTriggerOfWorkflow) return context.CompleteAsync();
        TimedBookmark.Create(context, context.Clock.GetUtcNow() + IntervalOf(context));
        return default;
    }

    private TimeSpan IntervalOf(ActivityExecutionContext context)
    {
        var interval = context.Get(Interval);
        return interval > TimeSpan.Zero ? interval : throw new InvalidOperationException($"Input 'Interval' must be longer than zero (it is {interval}).");
    }
}
