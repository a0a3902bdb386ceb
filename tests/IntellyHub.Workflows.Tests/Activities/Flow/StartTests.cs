using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Flow;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Activities.Flow;

public sealed class StartTests
{
    [Fact]
    public async Task Execute_InFlowchart_CompletesWithDoneAndContinues()
    {
        using var host = new WorkflowTestHost();
        var flowchart = new Flowchart(
            [new Start { Id = "start1" }, new WriteLine("next") { Id = "write1" }],
            [new Connection("start1", "Done", "write1")]);

        var result = await host.RunAsync(flowchart);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["next"], host.Lines);
        var record = Assert.Single(result.Journal, r => r.ActivityId == "start1");
        Assert.Equal(ActivityExecutionStatus.Completed, record.Status);
        Assert.Equal(["Done"], record.Outcomes);
        Assert.Equal("Elsa.Start", record.ActivityType);
    }

    [Fact]
    public async Task Execute_NotFirstInList_IsStillTheStartActivity()
    {
        using var host = new WorkflowTestHost();
        var flowchart = new Flowchart(
            [new WriteLine("orphan") { Id = "orphan" }, new WriteLine("after start") { Id = "write1" }, new Start { Id = "start1" }],
            [new Connection("start1", "Done", "write1")]);

        var result = await host.RunAsync(flowchart);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["after start"], host.Lines);
        Assert.DoesNotContain(result.Journal, r => r.ActivityId == "orphan");
    }

    [Fact]
    public async Task Execute_Alone_FinishesWorkflow()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Flowchart([new Start { Id = "start1" }], []));

        Assert.Equal(WorkflowStatus.Finished, result.Status);
        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Empty(result.Bookmarks);
    }
}
