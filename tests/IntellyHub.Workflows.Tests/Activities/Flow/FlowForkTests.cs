using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Flow;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Activities.Flow;

public sealed class FlowForkTests
{
    [Fact]
    public async Task Execute_WithBranches_CompletesWithEveryBranchAsOutcome()
    {
        using var host = new WorkflowTestHost();
        var flowchart = new Flowchart(
            [new Start { Id = "start1" }, new FlowFork { Id = "fork1", Branches = new(["Left", "Right"]) }, new WriteLine("left") { Id = "left" }, new WriteLine("right") { Id = "right" }],
            [new Connection("start1", "Done", "fork1"), new Connection("fork1", "Left", "left"), new Connection("fork1", "Right", "right")]);

        var result = await host.RunAsync(flowchart);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["left", "right"], host.Lines);
        Assert.Equal(["Left", "Right"], Assert.Single(result.Journal, r => r.ActivityId == "fork1").Outcomes);
    }

    [Fact]
    public async Task Execute_BranchWaits_OtherBranchStillRuns()
    {
        using var host = new WorkflowTestHost();
        var flowchart = new Flowchart(
            [new Start { Id = "start1" }, new FlowFork { Id = "fork1", Branches = new(["A", "B"]) }, new Event("go") { Id = "event1" }, new WriteLine("after event") { Id = "w1" }, new WriteLine("b") { Id = "w2" }],
            [
                new Connection("start1", "Done", "fork1"),
                new Connection("fork1", "A", "event1"),
                new Connection("event1", "Done", "w1"),
                new Connection("fork1", "B", "w2"),
            ]);

        var first = await host.RunAsync(flowchart);

        Assert.Equal(WorkflowSubStatus.Suspended, first.SubStatus);
        Assert.Equal(["b"], host.Lines);

        var second = await host.Runner.ResumeAsync(new Workflow(flowchart), first.State, Assert.Single(first.Bookmarks).Id);

        Assert.Equal(WorkflowSubStatus.Finished, second.SubStatus);
        Assert.Equal(["b", "after event"], host.Lines);
    }

    [Fact]
    public async Task Execute_NoBranches_CompletesWithDone()
    {
        using var host = new WorkflowTestHost();
        var flowchart = new Flowchart(
            [new Start { Id = "start1" }, new FlowFork { Id = "fork1" }, new WriteLine("done") { Id = "w1" }],
            [new Connection("start1", "Done", "fork1"), new Connection("fork1", "Done", "w1")]);

        var result = await host.RunAsync(flowchart);

        Assert.Equal(["done"], host.Lines);
        Assert.Equal(["Done"], Assert.Single(result.Journal, r => r.ActivityId == "fork1").Outcomes);
    }
}
