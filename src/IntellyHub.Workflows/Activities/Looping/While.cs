using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities.Looping;

/// <summary>Runs its body as long as a condition holds; the condition is evaluated before each iteration.</summary>
[Activity("Elsa.While", Category = "Looping", Description = "Runs the body while a condition is true.")]
public sealed class While : Activity, IBreakable
{
    public While() { }

    public While(Input<bool> condition, Activity? body = null)
    {
        Condition = condition;
        Body = body;
    }

    [Input(Description = "The condition, evaluated before each iteration.", UIHint = InputUIHints.SingleLine, AutoEvaluate = false)]
    public Input<bool> Condition { get; set; } = new(false);

    /// <summary>Runs while the condition is true.</summary>
    [Port]
    public Activity? Body { get; set; }

    /// <inheritdoc />
    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context) => IterateAsync(context);

    private async ValueTask IterateAsync(ActivityExecutionContext context)
    {
        if (LoopBreak.IsBreaking(context) || !await context.EvaluateAsync(Condition))
        {
            await context.CompleteAsync();
            return;
        }

        if (Body is null) throw new InvalidOperationException("The loop has no body, so its condition can never change.");
        context.ScheduleActivity(Body, OnBodyCompletedAsync);
    }

    private ValueTask OnBodyCompletedAsync(ActivityExecutionContext owner, ActivityExecutionContext child) => IterateAsync(owner);
}
