using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Validation;

namespace IntellyHub.Workflows.Activities.Scheduling;

/// <summary>The trigger stimulus of <see cref="Cron"/>: the expression in Quartz syntax and what to do about missed occurrences.</summary>
public sealed record CronTriggerStimulus(string CronExpression, TimerMisfirePolicy MisfirePolicy);

/// <summary>
/// Starts a published workflow at every occurrence of a cron expression (UTC; syntax in <see cref="CronSchedule"/>).
/// Inside a workflow it waits until the next occurrence.
/// </summary>
[Activity("Elsa.Cron", Category = "Scheduling", Kind = ActivityKind.Trigger, Description = "Starts the workflow on a cron schedule; inside a workflow, waits until the next occurrence.")]
public sealed class Cron : Activity, ITrigger, IValidatingActivity
{
    public Cron() { }

    public Cron(string cronExpression) => CronExpression = new Input<string>(cronExpression);

    [Input(Description = "The cron expression, in UTC. Quartz syntax (seconds minutes hours day-of-month month day-of-week [year], e.g. '0 0/5 * * * ?'); Elsa's six-field and Unix five-field expressions are accepted too.",
        UIHint = InputUIHints.SingleLine, IsRequired = true)]
    public Input<string>? CronExpression { get; set; }

    [Input(Description = "Occurrences missed while no server ran: RunOnce runs once when a server is up again; Skip waits for the next one.",
        UIHint = InputUIHints.Dropdown, Options = ["RunOnce", "Skip"], DefaultValue = "RunOnce")]
    public Input<TimerMisfirePolicy> MisfirePolicy { get; set; } = new(TimerMisfirePolicy.RunOnce);

    /// <inheritdoc />
    public IEnumerable<string> Validate(LiteralInputs inputs)
    {
        if (inputs.TryGet(CronExpression, out var expression) && !CronSchedule.TryNormalize(expression, out _, out var error))
            yield return $"Input 'CronExpression': {error}";
    }

    /// <inheritdoc />
    public IEnumerable<object> GetTriggerStimuli(ActivityExecutionContext context) =>
        [new CronTriggerStimulus(ExpressionOf(context), context.Get(MisfirePolicy))];

    /// <inheritdoc />
    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.IsTriggerOfWorkflow) return context.CompleteAsync();
        var expression = ExpressionOf(context);
        var next = CronSchedule.GetNextOccurrence(expression, context.Clock.GetUtcNow())
            ?? throw new InvalidOperationException($"Input 'CronExpression': '{expression}' has no occurrence in the future.");
        TimedBookmark.Create(context, next);
        return default;
    }

    private string ExpressionOf(ActivityExecutionContext context) => CronSchedule.Normalize(context.Get(CronExpression), nameof(CronExpression));
}
