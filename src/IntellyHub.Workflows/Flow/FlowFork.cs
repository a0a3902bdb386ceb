using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Flow;

/// <summary>Splits a flowchart into parallel branches: completes with every branch name as an outcome.</summary>
[Activity("Elsa.FlowFork", Category = "Branching", DisplayName = "Fork (flow)", Description = "Continues on every listed branch at once.")]
public sealed class FlowFork : Activity
{
    [Input(Description = "The branch names (outcome ports) to continue on.", UIHint = InputUIHints.DynamicOutcomes)]
    public Input<ICollection<string>>? Branches { get; set; }

    /// <inheritdoc />
    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var branches = context.Get(Branches);
        return branches is { Count: > 0 } ? context.CompleteAsync(branches.ToList()) : context.CompleteAsync();
    }
}
