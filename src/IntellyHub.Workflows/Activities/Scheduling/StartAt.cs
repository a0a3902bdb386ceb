using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities.Scheduling;

/// <summary>The trigger stimulus of <see cref="StartAt"/>: the moment (UTC) and what to do when it passed while no server ran.</summary>
public sealed record StartAtTriggerStimulus(DateTimeOffset DateTime, TimerMisfirePolicy MisfirePolicy);

/// <summary>
/// Starts a published workflow once, at a moment. Inside a workflow it waits until that moment (and completes at once
/// when it has passed).
/// </summary>
[Activity("Elsa.StartAt", Category = "Scheduling", Kind = ActivityKind.Trigger, Description = "Starts the workflow at a moment; inside a workflow, waits until then.")]
public sealed class StartAt : Activity, ITrigger
{
    public StartAt() { }

    public StartAt(DateTimeOffset dateTime) => DateTime = new Input<DateTimeOffset>(dateTime);

    [Input(Description = "The moment (ISO 8601; without an offset it is UTC).", UIHint = InputUIHints.DateTimePicker, IsRequired = true)]
    public Input<DateTimeOffset>? DateTime { get; set; }

    [Input(Description = "If the moment passed while no server ran: RunOnce runs when a server is up again; Skip never runs.",
        UIHint = InputUIHints.Dropdown, Options = ["RunOnce", "Skip"], DefaultValue = "RunOnce")]
    public Input<TimerMisfirePolicy> MisfirePolicy { get; set; } = new(TimerMisfirePolicy.RunOnce);

    /// <inheritdoc />
    public IEnumerable<object> GetTriggerStimuli(ActivityExecutionContext context) =>
        [new StartAtTriggerStimulus(MomentOf(context), context.Get(MisfirePolicy))];

    /// <inheritdoc />
    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.IsTriggerOfWorkflow) return context.CompleteAsync();
        var moment = MomentOf(context);
        if (moment <= context.Clock.GetUtcNow()) return context.CompleteAsync();
        TimedBookmark.Create(context, moment);
        return default;
    }

    private DateTimeOffset MomentOf(ActivityExecutionContext context)
    {
        var moment = context.Get(DateTime);
        return moment == default ? throw new InvalidOperationException("Input 'DateTime' has no value.") : moment.ToUniversalTime();
    }
}
