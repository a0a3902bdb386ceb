using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities.Primitives;

/// <summary>Finishes the whole workflow at once: every other running or waiting activity is cancelled.</summary>
[Activity("Elsa.Finish", Category = "Primitives", Description = "Finishes the workflow; anything still running or waiting is cancelled.")]
public sealed class Finish : Activity, ITerminalNode
{
    /// <inheritdoc />
    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context) =>
        context.WorkflowExecutionContext.FinishAsync(context);
}
