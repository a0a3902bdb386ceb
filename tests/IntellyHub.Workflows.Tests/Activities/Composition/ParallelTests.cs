using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Tests.Testing;
using Parallel = IntellyHub.Workflows.Activities.Composition.Parallel;

namespace IntellyHub.Workflows.Tests.Activities.Composition;

public sealed class ParallelTests
{
    [Fact]
    public async Task Execute_SynchronousChildren_RunsAllThenCompletes()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Sequence(new Parallel(new WriteLine("a"), new WriteLine("b"), new WriteLine("c")) { Id = "parallel1" }, new WriteLine("after")));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["a", "b", "c", "after"], host.Lines);
        Assert.Equal(ActivityExecutionStatus.Completed, Assert.Single(result.Journal, r => r.ActivityId == "parallel1").Status);
    }

    [Fact]
    public async Task Execute_OneChildWaits_CompletesOnlyWhenItResumes()
    {
        using var host = new WorkflowTestHost();
        var workflow = new Workflow(new Sequence(new Parallel(new Event("go") { Id = "event1" }, new WriteLine("b")) { Id = "parallel1" }, new WriteLine("after")));

        var first = await host.RunAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Suspended, first.SubStatus);
        Assert.Equal(["b"], host.Lines);
        Assert.Equal(ActivityExecutionStatus.Running, Assert.Single(first.Journal, r => r.ActivityId == "parallel1").Status);

        var second = await host.Runner.ResumeAsync(workflow, WorkflowTestHost.RoundTrip(first.State), Assert.Single(first.Bookmarks).Id);

        Assert.Equal(WorkflowSubStatus.Finished, second.SubStatus);
        Assert.Equal(["b", "after"], host.Lines);
    }

    [Fact]
    public async Task Execute_TwoChildrenWait_BothBookmarksExist()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Parallel(new Event("x") { Id = "x" }, new Event("y") { Id = "y" }));

        Assert.Equal(["x", "y"], result.Bookmarks.Select(b => b.ActivityId).Order());
    }

    [Fact]
    public async Task Execute_Empty_CompletesAtOnce()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Sequence(new Parallel(), new WriteLine("after")));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["after"], host.Lines);
    }
}
