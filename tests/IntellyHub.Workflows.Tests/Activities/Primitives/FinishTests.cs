using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Flow;
using IntellyHub.Workflows.Tests.Testing;
using Parallel = IntellyHub.Workflows.Activities.Composition.Parallel;

namespace IntellyHub.Workflows.Tests.Activities.Primitives;

public sealed class FinishTests
{
    [Fact]
    public async Task Execute_InSequence_LaterActivitiesDoNotRun()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Sequence(new WriteLine("before"), new Finish { Id = "finish1" }, new WriteLine("after")));

        Assert.Equal(WorkflowStatus.Finished, result.Status);
        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["before"], host.Lines);
        Assert.Contains(result.Journal, r => r.ActivityId == "finish1" && r.Status == ActivityExecutionStatus.Completed);
    }

    [Fact]
    public async Task Execute_WhileAnotherBranchWaits_CancelsItAndClearsBookmarks()
    {
        using var host = new WorkflowTestHost();
        var parallel = new Parallel(new Event("never") { Id = "event1" }, new Sequence(new WriteLine("finishing"), new Finish()));

        var result = await host.RunAsync(parallel);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Empty(result.Bookmarks);
        Assert.Contains(result.Journal, r => r.ActivityId == "event1" && r.Status == ActivityExecutionStatus.Canceled);
        Assert.DoesNotContain(result.Journal, r => r.Status is ActivityExecutionStatus.Running or ActivityExecutionStatus.Suspended);
    }

    [Fact]
    public async Task Execute_InNestedFlowchart_FinishesTheWholeWorkflow()
    {
        using var host = new WorkflowTestHost();
        var inner = new Flowchart(
            [new Start { Id = "innerStart" }, new Finish { Id = "finish1" }],
            [new Connection("innerStart", "Done", "finish1")]) { Id = "inner" };

        var result = await host.RunAsync(new Sequence(inner, new WriteLine("outer continues")));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Empty(host.Lines);
    }
}
