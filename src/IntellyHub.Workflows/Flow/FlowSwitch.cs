using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Branching;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Expressions;

namespace IntellyHub.Workflows.Flow;

/// <summary>A case of a flow switch: a label (the outcome port) and a condition.</summary>
public sealed class FlowSwitchCase
{
    public FlowSwitchCase() { }

    public FlowSwitchCase(string label, Expression condition)
    {
        Label = label;
        Condition = condition;
    }

    public string Label { get; set; } = "";
    public Expression Condition { get; set; } = Expression.Literal(false);
}

/// <summary>Evaluates cases and continues on the port of the first (or every) matching case, else on Default.</summary>
[Activity("Elsa.FlowSwitch", Category = "Branching", DisplayName = "Switch (flow)", Description = "Continues on the port of the first matching case, or of every matching case, or on Default.")]
[FlowNode("Default")]
public sealed class FlowSwitch : Activity
{
    /// <summary>The cases; each label becomes an outcome port.</summary>
    [Input(Description = "The cases to evaluate.", UIHint = InputUIHints.FlowSwitchEditor)]
    public List<FlowSwitchCase> Cases { get; set; } = [];

    [Input(Description = "MatchFirst continues on the first matching case; MatchAny on every matching case.",
        UIHint = InputUIHints.Dropdown, Options = ["MatchFirst", "MatchAny"], DefaultValue = "MatchFirst")]
    public Input<SwitchMode> Mode { get; set; } = new(SwitchMode.MatchFirst);

    /// <inheritdoc />
    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var mode = context.Get(Mode);
        var matched = new List<string>();
        foreach (var @case in Cases)
        {
            if (!(bool)(await context.EvaluateAsync(@case.Condition, typeof(bool)))!) continue;
            matched.Add(@case.Label);
            if (mode == SwitchMode.MatchFirst) break;
        }

        await context.CompleteAsync(matched.Count > 0 ? matched : ["Default"]);
    }
}
