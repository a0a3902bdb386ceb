using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities.Branching;

/// <summary>Runs Then or Else depending on a condition.</summary>
[Activity("Elsa.If", Category = "Branching", Description = "Evaluates a condition and runs Then or Else.")]
public sealed class If : Activity
{
    public If() { }

    public If(Input<bool> condition, Activity? then = null, Activity? @else = null)
    {
        Condition = condition;
        Then = then;
        Else = @else;
    }

    [Input(Description = "The condition to evaluate.", UIHint = InputUIHints.SingleLine)]
    public Input<bool> Condition { get; set; } = new(false);

    /// <summary>Runs when the condition is true.</summary>
    [Port]
    public Activity? Then { get; set; }

    /// <summary>Runs when the condition is false.</summary>
    [Port]
    public Activity? Else { get; set; }

    [Output(Description = "The value of the condition.")]
    public Output<bool> Result { get; set; } = new();

    /// <inheritdoc />
    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var condition = context.Get(Condition);
        context.Set(Result, condition);
        var branch = condition ? Then : Else;
        if (branch is null) return context.CompleteAsync();
        context.ScheduleActivity(branch, OnBranchCompletedAsync);
        return default;
    }

    private ValueTask OnBranchCompletedAsync(ActivityExecutionContext owner, ActivityExecutionContext child) => owner.CompleteAsync();
}
