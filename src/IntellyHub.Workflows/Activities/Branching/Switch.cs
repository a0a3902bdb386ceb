using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Expressions;

namespace IntellyHub.Workflows.Activities.Branching;

/// <summary>Whether a switch takes the first matching case or every matching case.</summary>
public enum SwitchMode
{
    MatchFirst,
    MatchAny,
}

/// <summary>A case of a switch: a label, a condition and the activity it runs.</summary>
public sealed class SwitchCase
{
    public SwitchCase() { }

    public SwitchCase(string label, Expression condition, Activity? activity)
    {
        Label = label;
        Condition = condition;
        Activity = activity;
    }

    public string Label { get; set; } = "";
    public Expression Condition { get; set; } = Expression.Literal(false);
    public Activity? Activity { get; set; }
}

/// <summary>Runs the activity of the first matching case (or of every matching case), else Default.</summary>
[Activity("Elsa.Switch", Category = "Branching", Description = "Runs the activity of the first matching case, of every matching case, or Default.")]
public sealed class Switch : Activity
{
    private const string ScheduledProperty = "ScheduledCount";

    [Input(Description = "The cases to evaluate.", UIHint = InputUIHints.SwitchEditor)]
    public List<SwitchCase> Cases { get; set; } = [];

    [Input(Description = "MatchFirst runs the first matching case; MatchAny every matching case.",
        UIHint = InputUIHints.Dropdown, Options = ["MatchFirst", "MatchAny"], DefaultValue = "MatchFirst")]
    public Input<SwitchMode> Mode { get; set; } = new(SwitchMode.MatchFirst);

    /// <summary>Runs when no case matches.</summary>
    [Port]
    public Activity? Default { get; set; }

    /// <inheritdoc />
    public override IEnumerable<Activity> GetChildren()
    {
        foreach (var @case in Cases)
            if (@case.Activity is not null) yield return @case.Activity;
        if (Default is not null) yield return Default;
    }

    /// <inheritdoc />
    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var mode = context.Get(Mode);
        var toRun = new List<Activity>();
        var matched = false;
        foreach (var @case in Cases)
        {
            if (!(bool)(await context.EvaluateAsync(@case.Condition, typeof(bool)))!) continue;
            matched = true;
            if (@case.Activity is not null) toRun.Add(@case.Activity);
            if (mode == SwitchMode.MatchFirst) break;
        }

        if (!matched && Default is not null) toRun.Add(Default);
        if (toRun.Count == 0)
        {
            await context.CompleteAsync();
            return;
        }

        context.SetProperty(ScheduledProperty, toRun.Count);
        foreach (var activity in toRun) context.ScheduleActivity(activity, OnCaseCompletedAsync);
    }

    private ValueTask OnCaseCompletedAsync(ActivityExecutionContext owner, ActivityExecutionContext child) =>
        !owner.HasActiveChildren ? owner.CompleteAsync() : default;
}
