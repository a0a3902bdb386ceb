using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Flow;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Activities.Primitives;

public sealed class EventTests
{
    [Fact]
    public async Task Execute_NotTrigger_SuspendsOnBookmark()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Sequence(new Event("OrderPlaced") { Id = "event1" }, new WriteLine("after")));

        Assert.Equal(WorkflowStatus.Running, result.Status);
        Assert.Equal(WorkflowSubStatus.Suspended, result.SubStatus);
        Assert.Empty(host.Lines);
        var bookmark = Assert.Single(result.Bookmarks);
        Assert.Equal("Elsa.Event", bookmark.Name);
        Assert.Equal("event1", bookmark.ActivityId);
        Assert.Equal(StimulusHasher.Hash("Elsa.Event", new EventStimulus("OrderPlaced")), bookmark.Hash);
        Assert.Equal("OrderPlaced", bookmark.GetPayload<EventStimulus>()!.EventName);
    }

    [Fact]
    public async Task Resume_WithPayload_SetsResultAndContinues()
    {
        using var host = new WorkflowTestHost();
        var received = new Variable("v1", "Received", "Object", null);
        var workflow = new Workflow(new Sequence(
            new Event("OrderPlaced") { Id = "event1", Result = new Output<object?>(received) },
            new WriteLine(Input<string>.JavaScript("'order ' + getReceived().id")))) { Variables = [received] };

        var first = await host.RunAsync(workflow);
        var second = await host.Runner.ResumeAsync(workflow, first.State, first.Bookmarks[0].Id,
            new Dictionary<string, object?> { [Event.PayloadInputKey] = new Dictionary<string, object?> { ["id"] = 7 } });

        Assert.Equal(WorkflowSubStatus.Finished, second.SubStatus);
        Assert.Empty(second.Bookmarks);
        Assert.Equal(["order 7"], host.Lines);
        var record = Assert.Single(second.Journal, r => r.ActivityId == "event1");
        Assert.Equal(ActivityExecutionStatus.Completed, record.Status);
        var payload = Assert.IsType<Dictionary<string, object?>>(record.Outputs["Result"]);
        Assert.Equal(7, payload["id"]);
    }

    [Fact]
    public async Task Resume_InputWithoutPayloadKey_ResultIsWholeInput()
    {
        using var host = new WorkflowTestHost();
        var workflow = new Workflow(new Event("Ping") { Id = "event1" });

        var first = await host.RunAsync(workflow);
        var input = new Dictionary<string, object?> { ["x"] = "y" };
        var second = await host.Runner.ResumeAsync(workflow, first.State, first.Bookmarks[0].Id, input);

        Assert.Same(input, second.Context!.GetActivityOutput("event1"));
    }

    [Fact]
    public async Task Execute_AsTriggerOfWorkflow_CompletesAtOnceWithPayload()
    {
        using var host = new WorkflowTestHost();
        var flowchart = new Flowchart(
            [new Event("OrderPlaced") { Id = "event1" }, new WriteLine(Input<string>.JavaScript("'got ' + getOutputFrom('event1')")) { Id = "w1" }],
            [new Connection("event1", "Done", "w1")]);

        var result = await host.RunAsync(flowchart, new RunWorkflowOptions
        {
            TriggerActivityId = "event1",
            Input = new Dictionary<string, object?> { [Event.PayloadInputKey] = "hello" },
        });

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Empty(result.Bookmarks);
        Assert.Equal(["got hello"], host.Lines);
        Assert.Equal("hello", Assert.Single(result.Journal, r => r.ActivityId == "event1").Outputs["Result"]);
    }

    [Fact]
    public async Task Execute_AsTriggerReachedAgainInLoop_WaitsTheSecondTime()
    {
        using var host = new WorkflowTestHost();
        var flowchart = new Flowchart(
            [new Event("Tick") { Id = "event1" }, new WriteLine("tick") { Id = "w1" }],
            [new Connection("event1", "Done", "w1"), new Connection("w1", "Done", "event1")]);

        var result = await host.RunAsync(flowchart, new RunWorkflowOptions { TriggerActivityId = "event1" });

        Assert.Equal(WorkflowSubStatus.Suspended, result.SubStatus);
        Assert.Equal(["tick"], host.Lines);
        Assert.Equal("event1", Assert.Single(result.Bookmarks).ActivityId);
        Assert.True(result.State.TriggerConsumed);
    }

    [Fact]
    public async Task Execute_EmptyEventName_Faults()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Event("") { Id = "event1" });

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal("The event name is empty.", Assert.Single(result.Incidents).Message);
    }
}
