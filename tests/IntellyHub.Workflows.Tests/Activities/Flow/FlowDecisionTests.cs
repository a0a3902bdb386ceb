using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Flow;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Activities.Flow;

public sealed class FlowDecisionTests
{
    private static Flowchart Decide(Input<bool> condition) => new(
        [
            new Start { Id = "start1" },
            new FlowDecision(condition) { Id = "decision1" },
            new WriteLine("yes") { Id = "yes" },
            new WriteLine("no") { Id = "no" },
        ],
        [
            new Connection("start1", "Done", "decision1"),
            new Connection("decision1", "True", "yes"),
            new Connection("decision1", "False", "no"),
        ]);

    [Fact]
    public async Task Execute_ConditionTrue_ContinuesOnTrue()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(Decide(new Input<bool>(true)));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["yes"], host.Lines);
        Assert.Equal(["True"], Assert.Single(result.Journal, r => r.ActivityId == "decision1").Outcomes);
    }

    [Fact]
    public async Task Execute_ConditionFalse_ContinuesOnFalse()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(Decide(new Input<bool>(false)));

        Assert.Equal(["no"], host.Lines);
        Assert.Equal(["False"], Assert.Single(result.Journal, r => r.ActivityId == "decision1").Outcomes);
    }

    [Fact]
    public async Task Execute_JavaScriptConditionOnInput_IsEvaluated()
    {
        using var host = new WorkflowTestHost();

        await host.RunAsync(Decide(Input<bool>.JavaScript("getInput('amount') > 100")), new RunWorkflowOptions { Input = new Dictionary<string, object?> { ["amount"] = 250 } });

        Assert.Equal(["yes"], host.Lines);
    }

    [Fact]
    public async Task Execute_OutcomeNotConnected_BranchEndsAndWorkflowFinishes()
    {
        using var host = new WorkflowTestHost();
        var flowchart = new Flowchart(
            [new Start { Id = "start1" }, new FlowDecision(new Input<bool>(false)) { Id = "decision1" }, new WriteLine("yes") { Id = "yes" }],
            [new Connection("start1", "Done", "decision1"), new Connection("decision1", "True", "yes")]);

        var result = await host.RunAsync(flowchart);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Empty(host.Lines);
    }
}
