using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Activities.Composition;

public sealed class ForkTests
{
    private static Workflow TwoEvents(ForkJoinMode mode) => new(new Sequence(
        new Fork
        {
            Id = "fork1",
            JoinMode = mode,
            Branches = [new Event("left") { Id = "left" }, new Event("right") { Id = "right" }],
        },
        new WriteLine("after fork")));

    [Fact]
    public async Task Execute_WaitAll_CompletesAfterEveryBranch()
    {
        using var host = new WorkflowTestHost();
        var workflow = TwoEvents(ForkJoinMode.WaitAll);

        var first = await host.RunAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Suspended, first.SubStatus);
        Assert.Equal(["left", "right"], first.Bookmarks.Select(b => b.ActivityId).Order());

        var left = first.Bookmarks.Single(b => b.ActivityId == "left");
        var second = await host.Runner.ResumeAsync(workflow, WorkflowTestHost.RoundTrip(first.State), left.Id);

        Assert.Equal(WorkflowSubStatus.Suspended, second.SubStatus);
        Assert.Empty(host.Lines);
        var right = Assert.Single(second.Bookmarks);
        Assert.Equal("right", right.ActivityId);

        var third = await host.Runner.ResumeAsync(workflow, WorkflowTestHost.RoundTrip(second.State), right.Id);

        Assert.Equal(WorkflowSubStatus.Finished, third.SubStatus);
        Assert.Equal(["after fork"], host.Lines);
    }

    [Fact]
    public async Task Execute_WaitAny_FirstBranchCompletesForkAndCancelsOtherBookmark()
    {
        using var host = new WorkflowTestHost();
        var workflow = TwoEvents(ForkJoinMode.WaitAny);

        var first = await host.RunAsync(workflow);
        Assert.Equal(2, first.Bookmarks.Count);

        var right = first.Bookmarks.Single(b => b.ActivityId == "right");
        var second = await host.Runner.ResumeAsync(workflow, WorkflowTestHost.RoundTrip(first.State), right.Id);

        Assert.Equal(WorkflowSubStatus.Finished, second.SubStatus);
        Assert.Empty(second.Bookmarks);
        Assert.Equal(["after fork"], host.Lines);
        Assert.Contains(second.Journal, r => r.ActivityId == "left" && r.Status == ActivityExecutionStatus.Canceled);
    }

    [Fact]
    public async Task Execute_WaitAnyWithSynchronousBranch_CompletesAtOnceWithoutBookmarks()
    {
        using var host = new WorkflowTestHost();
        var fork = new Fork { JoinMode = ForkJoinMode.WaitAny, Branches = [new WriteLine("fast"), new Event("slow")] };

        var result = await host.RunAsync(new Sequence(fork, new WriteLine("after fork")));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Empty(result.Bookmarks);
        Assert.Equal(["fast", "after fork"], host.Lines);
    }

    [Fact]
    public async Task Execute_NoBranches_CompletesAtOnce()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Sequence(new Fork(), new WriteLine("after fork")));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["after fork"], host.Lines);
    }
}
