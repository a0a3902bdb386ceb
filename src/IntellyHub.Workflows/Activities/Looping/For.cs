using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities.Looping;

/// <summary>Runs its body for each value from Start to End by Step.</summary>
[Activity("Elsa.For", Category = "Looping", Description = "Runs the body for each number from Start to End, by Step.")]
public sealed class For : Activity, IBreakable
{
    private const string CurrentProperty = "CurrentValue";

    public For() { }

    public For(int start, int end, Activity? body = null)
    {
        Start = new Input<int>(start);
        End = new Input<int>(end);
        Body = body;
    }

    [Input(Description = "The first value.", UIHint = InputUIHints.SingleLine)]
    public Input<int> Start { get; set; } = new(0);

    [Input(Description = "The last value.", UIHint = InputUIHints.SingleLine)]
    public Input<int> End { get; set; } = new(0);

    [Input(Description = "The step size; a negative step counts down.", UIHint = InputUIHints.SingleLine, DefaultValue = 1)]
    public Input<int> Step { get; set; } = new(1);

    [Input(Description = "Whether End is included.", UIHint = InputUIHints.Checkbox, DefaultValue = true)]
    public Input<bool> OuterBoundInclusive { get; set; } = new(true);

    /// <summary>Runs once per value.</summary>
    [Port]
    public Activity? Body { get; set; }

    [Output(Description = "The current value; bind it to a variable to use it in the body.")]
    public Output<object?> CurrentValue { get; set; } = new();

    /// <inheritdoc />
    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context) =>
        IterateAsync(context, context.Get(Start));

    private ValueTask IterateAsync(ActivityExecutionContext context, int current)
    {
        var end = context.Get(End);
        var step = context.Get(Step);
        var inclusive = context.Get(OuterBoundInclusive);
        var more = step >= 0
            ? (inclusive ? current <= end : current < end)
            : (inclusive ? current >= end : current > end);
        if (!more || Body is null || step == 0 || LoopBreak.IsBreaking(context)) return context.CompleteAsync();

        context.SetProperty(CurrentProperty, current);
        context.Set(CurrentValue, current);
        context.ScheduleActivity(Body, OnBodyCompletedAsync);
        return default;
    }

    private ValueTask OnBodyCompletedAsync(ActivityExecutionContext owner, ActivityExecutionContext child) =>
        IterateAsync(owner, owner.GetProperty<int>(CurrentProperty) + owner.Get(Step));
}
