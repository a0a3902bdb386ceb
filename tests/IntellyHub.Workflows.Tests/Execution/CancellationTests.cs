using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Flow;
using IntellyHub.Workflows.Tests.Testing;
using Microsoft.Extensions.DependencyInjection;
using Parallel = IntellyHub.Workflows.Activities.Composition.Parallel;

namespace IntellyHub.Workflows.Tests.Execution;

public sealed class CancellationTests
{
    [Fact]
    public async Task Cancel_SuspendedWorkflow_CancelledBookmarksClearedAndHandlerCalled()
    {
        var log = new CancellationLog();
        using var host = new WorkflowTestHost(services: s => s.AddSingleton(log));
        var workflow = new Workflow(new Sequence(new Parallel(new Waiter { Id = "w1" }, new Waiter { Id = "w2" }), new WriteLine("after")));
        var suspended = await host.RunAsync(workflow);
        Assert.Equal(2, suspended.Bookmarks.Count);
        host.Clock.Advance(TimeSpan.FromMinutes(3));

        var cancelled = await host.Runner.CancelAsync(workflow, WorkflowTestHost.RoundTrip(suspended.State));

        Assert.Equal(WorkflowStatus.Finished, cancelled.Status);
        Assert.Equal(WorkflowSubStatus.Cancelled, cancelled.SubStatus);
        Assert.Empty(cancelled.Bookmarks);
        Assert.Empty(cancelled.State.Bookmarks);
        Assert.Equal(["w1", "w2"], log.Canceled.Order());
        Assert.Empty(host.Lines);
        Assert.Equal(host.Clock.GetUtcNow(), cancelled.State.FinishedAt);
    }

    [Fact]
    public async Task Cancel_SuspendedWorkflow_JournalRecordsCanceledExecutions()
    {
        using var host = new WorkflowTestHost();
        var workflow = new Workflow(new Event("go") { Id = "event1" });
        var suspended = await host.RunAsync(workflow);

        var cancelled = await host.Runner.CancelAsync(workflow, suspended.State);

        Assert.Contains(cancelled.Journal, r => r.ActivityId == "event1" && r.Status == ActivityExecutionStatus.Canceled);
    }

    [Fact]
    public async Task Cancel_FinishedWorkflow_ReturnsNotRunning()
    {
        using var host = new WorkflowTestHost();
        var workflow = new Workflow(new WriteLine("done"));
        var finished = await host.RunAsync(workflow);

        var cancelled = await host.Runner.CancelAsync(workflow, finished.State);

        Assert.Equal(RunOutcome.NotRunning, cancelled.Outcome);
        Assert.Equal(WorkflowSubStatus.Finished, cancelled.SubStatus);
    }

    [Fact]
    public async Task Resume_AfterCancel_ReturnsNotRunning()
    {
        using var host = new WorkflowTestHost();
        var workflow = new Workflow(new Event("go"));
        var suspended = await host.RunAsync(workflow);
        var bookmarkId = suspended.Bookmarks[0].Id;
        var cancelled = await host.Runner.CancelAsync(workflow, suspended.State);

        var resumed = await host.Runner.ResumeAsync(workflow, cancelled.State, bookmarkId);

        Assert.Equal(RunOutcome.NotRunning, resumed.Outcome);
        Assert.Equal(WorkflowSubStatus.Cancelled, resumed.SubStatus);
    }

    [Fact]
    public async Task Interrupt_OfACancelledRun_StopsBeforeItsNextActivity_ButAStartRunsItsTriggerFirst()
    {
        using var host = new WorkflowTestHost();
        var flowchart = new Flowchart(
            [new Event("OrderPlaced") { Id = "event1" }, new WriteLine(Input<string>.JavaScript("'got ' + getOutputFrom('event1')")) { Id = "w1" }],
            [new Connection("event1", "Done", "w1")]);
        var workflow = new Workflow(flowchart);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        // The stimulus's payload is only in this run: the trigger takes it before the run stops.
        var interrupted = await host.Runner.RunAsync(workflow, new RunWorkflowOptions
        {
            TriggerActivityId = "event1",
            Input = new Dictionary<string, object?> { [Event.PayloadInputKey] = "hello" },
        }, cancelled.Token);

        Assert.Equal(WorkflowSubStatus.Interrupted, interrupted.SubStatus);
        Assert.Equal("hello", Assert.Single(interrupted.Journal, r => r.ActivityId == "event1").Outputs["Result"]);
        Assert.Empty(host.Lines);

        var continued = await host.Runner.ContinueAsync(workflow, WorkflowTestHost.RoundTrip(interrupted.State));

        Assert.Equal(WorkflowSubStatus.Finished, continued.SubStatus);
        Assert.Equal(["got hello"], host.Lines);

        // Without a trigger, a cancelled run runs nothing.
        var plain = await host.Runner.RunAsync(new Workflow(new WriteLine("never")), cancellationToken: cancelled.Token);
        Assert.Equal(WorkflowSubStatus.Interrupted, plain.SubStatus);
        Assert.Equal(["got hello"], host.Lines);
    }
}
