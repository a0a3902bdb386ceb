using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.State;
using IntellyHub.Workflows.Tests.Testing;
using Parallel = IntellyHub.Workflows.Activities.Composition.Parallel;

namespace IntellyHub.Workflows.Tests.Execution;

public sealed class BookmarkTests
{
    [Fact]
    public void Hash_EqualPayloadsDifferentPropertyOrder_AreEqual()
    {
        var one = StimulusHasher.Hash("Test.Kind", new Dictionary<string, object?> { ["path"] = "/orders", ["method"] = "POST", ["nested"] = new Dictionary<string, object?> { ["x"] = 1, ["y"] = 2 } });
        var two = StimulusHasher.Hash("Test.Kind", new Dictionary<string, object?> { ["nested"] = new Dictionary<string, object?> { ["y"] = 2, ["x"] = 1 }, ["method"] = "POST", ["path"] = "/orders" });

        Assert.Equal(one, two);
        Assert.Equal(64, one.Length);
    }

    [Fact]
    public void Hash_AnonymousObjectAndDictionary_SameCanonicalForm()
    {
        Assert.Equal(
            StimulusHasher.Hash("K", new { b = 2, a = "x" }),
            StimulusHasher.Hash("K", new Dictionary<string, object?> { ["a"] = "x", ["b"] = 2 }));
    }

    [Fact]
    public void Hash_DifferentValues_Differ()
    {
        Assert.NotEqual(StimulusHasher.Hash("K", new { a = 1 }), StimulusHasher.Hash("K", new { a = 2 }));
        Assert.NotEqual(StimulusHasher.Hash("K", new { a = 1 }), StimulusHasher.Hash("K", new { b = 1 }));
        Assert.NotEqual(StimulusHasher.Hash("K", new[] { 1, 2 }), StimulusHasher.Hash("K", new[] { 2, 1 }));
    }

    [Fact]
    public void Hash_DifferentKinds_Differ()
    {
        Assert.NotEqual(StimulusHasher.Hash("A", new { a = 1 }), StimulusHasher.Hash("B", new { a = 1 }));
    }

    [Fact]
    public async Task Hash_TwoEventsSameName_HaveEqualHashesButDistinctIds()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Parallel(new Event("same") { Id = "e1" }, new Event("same") { Id = "e2" }, new Event("other") { Id = "e3" }));

        var byActivity = result.Bookmarks.ToDictionary(b => b.ActivityId);
        Assert.Equal(byActivity["e1"].Hash, byActivity["e2"].Hash);
        Assert.NotEqual(byActivity["e1"].Hash, byActivity["e3"].Hash);
        Assert.NotEqual(byActivity["e1"].Id, byActivity["e2"].Id);
    }

    [Fact]
    public async Task Resume_ById_ResumesOnlyThatBookmark()
    {
        using var host = new WorkflowTestHost();
        var workflow = new Workflow(new Parallel(
            new Sequence(new Event("x") { Id = "e1" }, new WriteLine("one")),
            new Sequence(new Event("x") { Id = "e2" }, new WriteLine("two"))));

        var first = await host.RunAsync(workflow);
        var target = first.Bookmarks.Single(b => b.ActivityId == "e2");
        var second = await host.Runner.ResumeAsync(workflow, first.State, target.Id);

        Assert.Equal(RunOutcome.Ran, second.Outcome);
        Assert.Equal(WorkflowSubStatus.Suspended, second.SubStatus);
        Assert.Equal(["two"], host.Lines);
        Assert.Equal("e1", Assert.Single(second.Bookmarks).ActivityId);
    }

    [Fact]
    public async Task Resume_UnknownBookmark_ReturnsBookmarkNotFoundAndChangesNothing()
    {
        using var host = new WorkflowTestHost();
        var workflow = new Workflow(new Sequence(new Event("go"), new WriteLine("after")));
        var first = await host.RunAsync(workflow);
        var state = first.State;
        var before = WorkflowStateSerializer.Serialize(state);

        var result = await host.Runner.ResumeAsync(workflow, state, "no-such-bookmark");

        Assert.Equal(RunOutcome.BookmarkNotFound, result.Outcome);
        Assert.Null(result.Context);
        Assert.Same(state, result.State);
        Assert.Equal(WorkflowSubStatus.Suspended, result.SubStatus);
        Assert.Equal(before, WorkflowStateSerializer.Serialize(state));
        Assert.Empty(host.Lines);
        Assert.Empty(result.Journal);
    }

    [Fact]
    public async Task Resume_AlreadyConsumedBookmark_ReturnsBookmarkNotFoundAndChangesNothing()
    {
        using var host = new WorkflowTestHost();
        var workflow = new Workflow(new Sequence(new Event("first") { Id = "e1" }, new WriteLine("between"), new Event("second") { Id = "e2" }, new WriteLine("end")));
        var first = await host.RunAsync(workflow);
        var consumed = Assert.Single(first.Bookmarks);
        var second = await host.Runner.ResumeAsync(workflow, first.State, consumed.Id);
        Assert.Equal("e2", Assert.Single(second.Bookmarks).ActivityId);
        var state = second.State;
        var before = WorkflowStateSerializer.Serialize(state);

        var again = await host.Runner.ResumeAsync(workflow, state, consumed.Id);

        Assert.Equal(RunOutcome.BookmarkNotFound, again.Outcome);
        Assert.Equal(before, WorkflowStateSerializer.Serialize(state));
        Assert.Equal(["between"], host.Lines);
        Assert.Equal("e2", Assert.Single(again.Bookmarks).ActivityId);
    }

    [Fact]
    public async Task Resume_FinishedWorkflow_ReturnsNotRunning()
    {
        using var host = new WorkflowTestHost();
        var workflow = new Workflow(new Event("go"));
        var first = await host.RunAsync(workflow);
        var bookmarkId = first.Bookmarks[0].Id;
        var second = await host.Runner.ResumeAsync(workflow, first.State, bookmarkId);

        var third = await host.Runner.ResumeAsync(workflow, second.State, bookmarkId);

        Assert.Equal(RunOutcome.NotRunning, third.Outcome);
        Assert.Equal(WorkflowSubStatus.Finished, third.SubStatus);
    }

    [Fact]
    public async Task Resume_OriginalStateAfterResume_StillHoldsBookmark()
    {
        using var host = new WorkflowTestHost();
        var workflow = new Workflow(new Event("go"));
        var first = await host.RunAsync(workflow);
        var state = first.State;

        await host.Runner.ResumeAsync(workflow, state, state.Bookmarks[0].Id);

        Assert.Single(state.Bookmarks);
        Assert.Equal(WorkflowSubStatus.Suspended, state.SubStatus);
    }
}
