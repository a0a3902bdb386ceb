using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities.Looping;

/// <summary>Stops the nearest enclosing loop once its current iteration has wound down.</summary>
[Activity("Elsa.Break", Category = "Looping", Description = "Breaks out of the nearest enclosing loop.")]
public sealed class Break : CodeActivity, ITerminalNode
{
    /// <inheritdoc />
    protected override void Run(ActivityExecutionContext context)
    {
        for (var ancestor = context.Parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            if (ancestor.Activity is not IBreakable) continue;
            ancestor.SetProperty(LoopBreak.Property, true);
            return;
        }

        throw new InvalidOperationException("Break is not inside a loop.");
    }
}
