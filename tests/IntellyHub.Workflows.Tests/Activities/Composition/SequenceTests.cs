using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Activities.Composition;

public sealed class SequenceTests
{
    [Fact]
    public async Task Execute_Children_RunOneAfterAnotherInJournalOrder()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Sequence(new WriteLine("1") { Id = "w1" }, new WriteLine("2") { Id = "w2" }, new WriteLine("3") { Id = "w3" }) { Id = "seq1" });

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["1", "2", "3"], host.Lines);
        var writes = result.Journal.Where(r => r.ActivityType == "Elsa.WriteLine").OrderBy(r => r.Sequence).Select(r => r.ActivityId);
        Assert.Equal(["w1", "w2", "w3"], writes);
        var sequenceRecord = Assert.Single(result.Journal, r => r.ActivityId == "seq1");
        Assert.All(result.Journal.Where(r => r.ActivityType == "Elsa.WriteLine"), r => Assert.Equal(sequenceRecord.Id, r.ParentActivityInstanceId));
    }

    [Fact]
    public async Task Execute_ChildWaits_ResumesWithNextChild()
    {
        using var host = new WorkflowTestHost();
        var workflow = new Workflow(new Sequence(new WriteLine("before"), new Event("go"), new WriteLine("after")));

        var first = await host.RunAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Suspended, first.SubStatus);
        Assert.Equal(["before"], host.Lines);

        var second = await host.Runner.ResumeAsync(workflow, WorkflowTestHost.RoundTrip(first.State), first.Bookmarks[0].Id);

        Assert.Equal(WorkflowSubStatus.Finished, second.SubStatus);
        Assert.Equal(["before", "after"], host.Lines);
        Assert.DoesNotContain(second.Journal, r => (string?)r.Inputs.GetValueOrDefault("Text") == "before");
    }

    [Fact]
    public async Task Execute_Empty_Completes()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Sequence { Id = "seq1" });

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(ActivityExecutionStatus.Completed, Assert.Single(result.Journal, r => r.ActivityId == "seq1").Status);
    }

    [Fact]
    public async Task Execute_Nested_RunsInnerBeforeOuterContinues()
    {
        using var host = new WorkflowTestHost();

        await host.RunAsync(new Sequence(new WriteLine("a"), new Sequence(new WriteLine("b"), new WriteLine("c")), new WriteLine("d")));

        Assert.Equal(["a", "b", "c", "d"], host.Lines);
    }
}
