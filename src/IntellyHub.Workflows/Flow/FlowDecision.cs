using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Flow;

/// <summary>Evaluates a condition and continues on the True or False port.</summary>
[Activity("Elsa.FlowDecision", Category = "Branching", DisplayName = "Decision", Description = "Evaluates a condition and continues on True or False.")]
[FlowNode("True", "False")]
public sealed class FlowDecision : Activity
{
    public FlowDecision() { }

    public FlowDecision(Input<bool> condition) => Condition = condition;

    [Input(Description = "The condition to evaluate.", UIHint = InputUIHints.SingleLine)]
    public Input<bool> Condition { get; set; } = new(false);

    /// <inheritdoc />
    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context) =>
        context.CompleteAsync(context.Get(Condition) ? "True" : "False");
}
