using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Branching;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Looping;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Execution;

public sealed class JournalTests
{
    [Fact]
    public async Task Journal_SimpleRun_OneCompletedRecordPerExecution()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Sequence(new WriteLine("a") { Id = "w1" }, new WriteLine("b") { Id = "w2" }) { Id = "seq1" });

        Assert.Equal(["Workflow1", "seq1", "w1", "w2"], result.Journal.OrderBy(r => r.Sequence).Select(r => r.ActivityId));
        Assert.All(result.Journal, r => Assert.Equal(ActivityExecutionStatus.Completed, r.Status));
        Assert.Equal(result.Journal.Count, result.Journal.Select(r => r.Id).Distinct().Count());
        Assert.Equal([1L, 2L, 3L, 4L], result.Journal.Select(r => r.Sequence).Order());
        Assert.All(result.Journal, r => Assert.Equal(result.Context!.InstanceId, r.WorkflowInstanceId));
    }

    [Fact]
    public async Task Journal_Loop_OneRecordPerIteration()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new For(1, 3) { Body = new WriteLine("x") { Id = "body" } });

        var records = result.Journal.Where(r => r.ActivityId == "body").ToList();
        Assert.Equal(3, records.Count);
        Assert.Equal(3, records.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task Journal_Timestamps_ComeFromFakeClock()
    {
        using var host = new WorkflowTestHost();
        var start = host.Clock.GetUtcNow();
        var workflow = new Workflow(new Sequence(new WriteLine("a") { Id = "w1" }, new Event("go") { Id = "event1" }, new WriteLine("b") { Id = "w2" }));

        var first = await host.RunAsync(workflow);
        host.Clock.Advance(TimeSpan.FromHours(2));
        var second = await host.Runner.ResumeAsync(workflow, WorkflowTestHost.RoundTrip(first.State), first.Bookmarks[0].Id);

        var w1 = Assert.Single(first.Journal, r => r.ActivityId == "w1");
        Assert.Equal(start, w1.StartedAt);
        Assert.Equal(start, w1.CompletedAt);
        var resumedEvent = Assert.Single(second.Journal, r => r.ActivityId == "event1");
        Assert.Equal(start, resumedEvent.StartedAt);
        Assert.Equal(start.AddHours(2), resumedEvent.CompletedAt);
        var w2 = Assert.Single(second.Journal, r => r.ActivityId == "w2");
        Assert.Equal(start.AddHours(2), w2.StartedAt);
        Assert.Equal(start.AddHours(2), second.State.FinishedAt);
        Assert.Equal(start, second.State.CreatedAt);
    }

    [Fact]
    public async Task Journal_Suspended_RecordSuspendedThenCompletedWithSameId()
    {
        using var host = new WorkflowTestHost();
        var workflow = new Workflow(new Event("go") { Id = "event1" });

        var first = await host.RunAsync(workflow);
        var suspended = Assert.Single(first.Journal, r => r.ActivityId == "event1");
        Assert.Equal(ActivityExecutionStatus.Suspended, suspended.Status);
        Assert.True(suspended.HasBookmarks);
        Assert.Null(suspended.CompletedAt);

        var second = await host.Runner.ResumeAsync(workflow, WorkflowTestHost.RoundTrip(first.State), first.Bookmarks[0].Id,
            new Dictionary<string, object?> { ["payload"] = "p" });

        var completed = Assert.Single(second.Journal, r => r.ActivityId == "event1");
        Assert.Equal(suspended.Id, completed.Id);
        Assert.Equal(ActivityExecutionStatus.Completed, completed.Status);
        Assert.False(completed.HasBookmarks);
        Assert.Equal("p", completed.Outputs["Result"]);
        Assert.True(completed.Sequence > suspended.Sequence);
    }

    [Fact]
    public async Task Journal_ParentsStartedBeforeSuspend_CompletedRecordAfterResume()
    {
        using var host = new WorkflowTestHost();
        var workflow = new Workflow(new Sequence(new Event("go") { Id = "event1" }) { Id = "seq1" });

        var first = await host.RunAsync(workflow);
        var running = Assert.Single(first.Journal, r => r.ActivityId == "seq1");
        Assert.Equal(ActivityExecutionStatus.Running, running.Status);
        host.Clock.Advance(TimeSpan.FromMinutes(1));

        var second = await host.Runner.ResumeAsync(workflow, WorkflowTestHost.RoundTrip(first.State), first.Bookmarks[0].Id);

        var completed = Assert.Single(second.Journal, r => r.ActivityId == "seq1");
        Assert.Equal(running.Id, completed.Id);
        Assert.Equal(ActivityExecutionStatus.Completed, completed.Status);
        Assert.Equal(running.StartedAt, completed.StartedAt);
        Assert.Equal(host.Clock.GetUtcNow(), completed.CompletedAt);
        Assert.Contains(second.Journal, r => r.ActivityId == "Workflow1" && r.Status == ActivityExecutionStatus.Completed);
    }

    [Fact]
    public async Task Journal_InputsAndOutputs_Captured()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Sequence(
            new WriteLine(Input<string>.JavaScript("'computed ' + (1 + 1)")) { Id = "w1" },
            new If(new Input<bool>(true)) { Id = "if1" },
            new Event("go") { Id = "event1" }));

        Assert.Equal("computed 2", Assert.Single(result.Journal, r => r.ActivityId == "w1").Inputs["Text"]);
        var ifRecord = Assert.Single(result.Journal, r => r.ActivityId == "if1");
        Assert.Equal(true, ifRecord.Inputs["Condition"]);
        Assert.Equal(true, ifRecord.Outputs["Result"]);
        Assert.Equal("go", Assert.Single(result.Journal, r => r.ActivityId == "event1").Inputs["EventName"]);
    }

    [Fact]
    public async Task Journal_Fault_RecordFaultedWithException()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Sequence(new Throwing("kaboom") { Id = "thrower" }));

        var record = Assert.Single(result.Journal, r => r.ActivityId == "thrower");
        Assert.Equal(ActivityExecutionStatus.Faulted, record.Status);
        Assert.Equal("kaboom", record.Exception!.Message);
        Assert.Equal(typeof(InvalidOperationException).FullName, record.Exception.Type);
        Assert.Equal(host.Clock.GetUtcNow(), record.CompletedAt);
    }

    [Fact]
    public async Task Journal_FaultWhileEvaluatingInput_RecordFaulted()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new WriteLine(Input<string>.JavaScript("undefinedFunction()")) { Id = "w1" });

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        var record = Assert.Single(result.Journal, r => r.ActivityId == "w1");
        Assert.Equal(ActivityExecutionStatus.Faulted, record.Status);
        Assert.NotNull(record.Exception);
    }

    [Fact]
    public async Task Journal_Disabled_RecordsNothing()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new WriteLine("quiet"), new RunWorkflowOptions { Journal = false });

        Assert.Equal(["quiet"], host.Lines);
        Assert.Empty(result.Journal);
    }
}
