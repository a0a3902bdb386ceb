using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Flow;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Activities.Flow;

public sealed class EndTests
{
    [Fact]
    public async Task Execute_InFlowchart_ActivitiesAfterEndDoNotRun()
    {
        using var host = new WorkflowTestHost();
        var flowchart = new Flowchart(
            [new Start { Id = "start1" }, new End { Id = "end1" }, new WriteLine("after end") { Id = "write1" }],
            [new Connection("start1", "Done", "end1"), new Connection("end1", "Done", "write1")]);

        var result = await host.RunAsync(flowchart);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Empty(host.Lines);
        Assert.Contains(result.Journal, r => r.ActivityId == "end1" && r.Status == ActivityExecutionStatus.Completed);
    }

    [Fact]
    public async Task Execute_WhileOtherBranchWaits_CancelsTheWaitingBranch()
    {
        using var host = new WorkflowTestHost();
        var fork = new FlowFork { Id = "fork1", Branches = new(["A", "B"]) };
        var flowchart = new Flowchart(
            [new Start { Id = "start1" }, fork, new Event("never") { Id = "event1" }, new WriteLine("b") { Id = "write1" }, new End { Id = "end1" }],
            [
                new Connection("start1", "Done", "fork1"),
                new Connection("fork1", "A", "event1"),
                new Connection("fork1", "B", "write1"),
                new Connection("write1", "Done", "end1"),
            ]);

        var result = await host.RunAsync(flowchart);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Empty(result.Bookmarks);
        Assert.Equal(["b"], host.Lines);
        Assert.Contains(result.Journal, r => r.ActivityId == "event1" && r.Status == ActivityExecutionStatus.Canceled);
    }

    [Fact]
    public async Task Execute_InNestedFlowchart_EndsOnlyThatFlowchart()
    {
        using var host = new WorkflowTestHost();
        var inner = new Flowchart(
            [new Start { Id = "innerStart" }, new End { Id = "innerEnd" }, new WriteLine("inner after end") { Id = "innerWrite" }],
            [new Connection("innerStart", "Done", "innerEnd"), new Connection("innerEnd", "Done", "innerWrite")]) { Id = "inner" };
        var sequence = new Sequence(inner, new WriteLine("outer continues") { Id = "outerWrite" });

        var result = await host.RunAsync(sequence);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["outer continues"], host.Lines);
    }

    [Fact]
    public async Task Execute_InSequence_StopsTheSequence()
    {
        using var host = new WorkflowTestHost();
        var sequence = new Sequence(new WriteLine("before"), new End(), new WriteLine("after"));

        var result = await host.RunAsync(sequence);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["before"], host.Lines);
    }
}
