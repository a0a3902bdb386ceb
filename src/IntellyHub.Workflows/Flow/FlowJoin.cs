using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Flow;

/// <summary>How a join merges the branches that lead to it.</summary>
public enum FlowJoinMode
{
    /// <summary>Wait until every forward inbound connection has delivered a token.</summary>
    WaitAll,

    /// <summary>
    /// Wait until no branch that could still reach the join is scheduled, running or waiting, then run once
    /// (branches not taken, e.g. the other side of a decision, are not waited for).
    /// </summary>
    WaitAllActive,

    /// <summary>Continue on the first token; the other inbound branches are cancelled.</summary>
    WaitAny,
}

/// <summary>Merges flowchart branches. The waiting is done by the flowchart; the join itself just completes.</summary>
[Activity("Elsa.FlowJoin", Category = "Branching", DisplayName = "Join", Description = "Merges parallel branches: waits for all of them, or continues with the first.")]
public sealed class FlowJoin : CodeActivity, IJoinNode
{
    /// <summary>WaitAll or WaitAny.</summary>
    [Input(Description = "WaitAll waits for every inbound branch; WaitAllActive for every branch still running; WaitAny continues with the first and cancels the others.",
        UIHint = InputUIHints.Dropdown, Options = ["WaitAll", "WaitAllActive", "WaitAny"], DefaultValue = "WaitAny")]
    public Input<FlowJoinMode> Mode { get; set; } = new(FlowJoinMode.WaitAny);

    /// <inheritdoc />
    protected override void Run(ActivityExecutionContext context) { }
}
