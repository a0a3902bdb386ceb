using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities.Primitives;

/// <summary>Sets the workflow instance's correlation id.</summary>
[Activity("Elsa.Correlate", Category = "Primitives", Description = "Sets the correlation id of the workflow instance.")]
public sealed class Correlate : CodeActivity
{
    [Input(Description = "The value to store as the correlation id.", UIHint = InputUIHints.SingleLine)]
    public Input<string>? CorrelationId { get; set; }

    /// <inheritdoc />
    protected override void Run(ActivityExecutionContext context) =>
        context.WorkflowExecutionContext.CorrelationId = context.Get(CorrelationId);
}
