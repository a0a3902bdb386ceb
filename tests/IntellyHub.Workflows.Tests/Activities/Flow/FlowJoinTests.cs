using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Flow;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Activities.Flow;

public sealed class FlowJoinTests
{
    // start -> fork -(A)-> a -> join -> after
    //               -(B)-> b -> join
    private static Workflow Diamond(FlowJoinMode mode, Activity a, Activity b) => new(new Flowchart(
        [
            new Start { Id = "start1" },
            new FlowFork { Id = "fork1", Branches = new(["A", "B"]) },
            a,
            b,
            new FlowJoin { Id = "join1", Mode = new Input<FlowJoinMode>(mode) },
            new WriteLine("after join") { Id = "after" },
        ],
        [
            new Connection("start1", "Done", "fork1"),
            new Connection("fork1", "A", a.Id),
            new Connection("fork1", "B", b.Id),
            new Connection(a.Id, "Done", "join1"),
            new Connection(b.Id, "Done", "join1"),
            new Connection("join1", "Done", "after"),
        ]));

    [Fact]
    public async Task Execute_WaitAllBothBranchesComplete_RunsOnce()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(Diamond(FlowJoinMode.WaitAll, new WriteLine("a") { Id = "a" }, new WriteLine("b") { Id = "b" }));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["a", "b", "after join"], host.Lines);
        Assert.Single(result.Journal, r => r.ActivityId == "join1");
    }

    [Fact]
    public async Task Execute_WaitAllOneBranchWaiting_DoesNotRunUntilItArrives()
    {
        using var host = new WorkflowTestHost();
        var workflow = Diamond(FlowJoinMode.WaitAll, new WriteLine("a") { Id = "a" }, new Event("go") { Id = "b" });

        var first = await host.RunAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Suspended, first.SubStatus);
        Assert.Equal(["a"], host.Lines);
        Assert.DoesNotContain(first.Journal, r => r.ActivityId == "join1");

        var second = await host.Runner.ResumeAsync(workflow, WorkflowTestHost.RoundTrip(first.State), Assert.Single(first.Bookmarks).Id);

        Assert.Equal(WorkflowSubStatus.Finished, second.SubStatus);
        Assert.Equal(["a", "after join"], host.Lines);
        Assert.Single(second.Journal, r => r.ActivityId == "join1");
    }

    [Fact]
    public async Task Execute_WaitAnyFirstBranchArrives_RunsOnceAndCancelsOtherBranch()
    {
        using var host = new WorkflowTestHost();
        var workflow = Diamond(FlowJoinMode.WaitAny, new Event("a") { Id = "a" }, new Event("b") { Id = "b" });

        var first = await host.RunAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Suspended, first.SubStatus);
        Assert.Equal(2, first.Bookmarks.Count);

        var second = await host.Runner.ResumeAsync(workflow, WorkflowTestHost.RoundTrip(first.State), first.Bookmarks.Single(b => b.ActivityId == "b").Id);

        Assert.Equal(WorkflowSubStatus.Finished, second.SubStatus);
        Assert.Equal(["after join"], host.Lines);
        Assert.Empty(second.Bookmarks);
        Assert.Single(second.Journal, r => r.ActivityId == "join1");
        Assert.Equal(ActivityExecutionStatus.Canceled, Assert.Single(second.Journal, r => r.ActivityId == "a").Status);
    }

    [Fact]
    public async Task Execute_WaitAnyBothBranchesSynchronous_RunsOnce()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(Diamond(FlowJoinMode.WaitAny, new WriteLine("a") { Id = "a" }, new WriteLine("b") { Id = "b" }));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["a", "after join"], host.Lines);
        Assert.Single(result.Journal, r => r.ActivityId == "join1");
    }

    [Fact]
    public void Mode_Default_IsWaitAny()
    {
        var join = new FlowJoin();

        Assert.Equal(FlowJoinMode.WaitAny, join.Mode.Expression.Value);
    }
}
