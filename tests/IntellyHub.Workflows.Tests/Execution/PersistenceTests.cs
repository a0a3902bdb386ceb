using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.State;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Execution;

public sealed class PersistenceTests
{
    // Count starts at 1, is raised by 10 before the event and by the event payload after it.
    private const string Definition = """
    {
      "definitionId": "persist", "name": "Persist", "version": 1,
      "variables": [
        { "id": "count", "name": "Count", "typeName": "Int32", "value": "1" },
        { "id": "label", "name": "Label", "typeName": "String" }
      ],
      "root": { "type": "Elsa.Flowchart", "version": 1, "id": "flowchart1",
        "activities": [
          { "type": "Elsa.Start", "version": 1, "id": "start1" },
          { "type": "Elsa.SetVariable", "version": 1, "id": "add10",
            "variable": { "id": "count", "name": "Count", "typeName": "Int32" },
            "value": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "getCount() + 10" } } },
          { "type": "Elsa.SetVariable", "version": 1, "id": "setLabel",
            "variable": { "id": "label", "name": "Label", "typeName": "String" },
            "value": { "typeName": "Object", "expression": { "type": "Literal", "value": "before" } } },
          { "type": "Elsa.Event", "version": 1, "id": "event1",
            "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "Approve" } } },
          { "type": "Elsa.SetVariable", "version": 1, "id": "addPayload",
            "variable": { "id": "count", "name": "Count", "typeName": "Int32" },
            "value": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "getCount() + getOutputFrom('event1').amount" } } },
          { "type": "Elsa.WriteLine", "version": 1, "id": "write1",
            "text": { "typeName": "String", "expression": { "type": "Liquid", "value": "{{ Variables.Label }}: {{ Variables.Count }}" } } },
          { "type": "Elsa.SetOutput", "version": 1, "id": "output1",
            "outputName": { "typeName": "String", "expression": { "type": "Literal", "value": "final" } },
            "outputValue": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "getCount()" } } }
        ],
        "connections": [
          { "source": { "activity": "start1", "port": "Done" }, "target": { "activity": "add10", "port": "In" } },
          { "source": { "activity": "add10", "port": "Done" }, "target": { "activity": "setLabel", "port": "In" } },
          { "source": { "activity": "setLabel", "port": "Done" }, "target": { "activity": "event1", "port": "In" } },
          { "source": { "activity": "event1", "port": "Done" }, "target": { "activity": "addPayload", "port": "In" } },
          { "source": { "activity": "addPayload", "port": "Done" }, "target": { "activity": "write1", "port": "In" } },
          { "source": { "activity": "write1", "port": "Done" }, "target": { "activity": "output1", "port": "In" } }
        ] } }
    """;

    [Fact]
    public async Task Resume_SerializedStateInNewHost_FinishesWithVariablesPreserved()
    {
        string json;
        string bookmarkId;
        using (var first = new WorkflowTestHost())
        {
            var started = await first.RunAsync(first.Load(Definition), new RunWorkflowOptions { CorrelationId = "c-1" });
            Assert.Equal(WorkflowSubStatus.Suspended, started.SubStatus);
            Assert.Equal(11, started.Context!.GetVariable("Count"));
            bookmarkId = Assert.Single(started.Bookmarks).Id;
            json = WorkflowStateSerializer.Serialize(started.State);
        }

        using var second = new WorkflowTestHost();
        var state = WorkflowStateSerializer.Deserialize(json);
        var resumed = await second.Runner.ResumeAsync(second.Load(Definition), state, bookmarkId,
            new Dictionary<string, object?> { ["payload"] = new Dictionary<string, object?> { ["amount"] = 5 } });

        Assert.Equal(RunOutcome.Ran, resumed.Outcome);
        Assert.Equal(WorkflowSubStatus.Finished, resumed.SubStatus);
        Assert.Equal(["before: 16"], second.Lines);
        Assert.Equal(16, resumed.Output["final"]);
        Assert.Equal(16, resumed.Context!.GetVariable("Count"));
        Assert.Equal("before", resumed.Context.GetVariable("Label"));
        Assert.Equal("c-1", resumed.State.CorrelationId);
        Assert.Equal(state.Id, resumed.State.Id);
    }

    [Fact]
    public async Task RoundTrip_SuspendedState_KeepsBookmarksContextsAndTypedVariables()
    {
        using var host = new WorkflowTestHost();
        var result = await host.RunAsync(host.Load(Definition));

        var state = WorkflowTestHost.RoundTrip(result.State);

        Assert.Equal(result.State.Id, state.Id);
        Assert.Equal(WorkflowStatus.Running, state.Status);
        Assert.Equal(WorkflowSubStatus.Suspended, state.SubStatus);
        var bookmark = Assert.Single(state.Bookmarks);
        Assert.Equal(result.Bookmarks[0].Id, bookmark.Id);
        Assert.Equal(result.Bookmarks[0].Hash, bookmark.Hash);
        Assert.Equal("Workflow1:flowchart1:event1", bookmark.ActivityNodeId);
        Assert.Contains(state.ActivityExecutionContexts, c => c.Id == bookmark.ActivityInstanceId && c.ScheduledActivityNodeId == bookmark.ActivityNodeId);
        Assert.Equal(result.State.ActivityExecutionContexts.Count, state.ActivityExecutionContexts.Count);
        Assert.Equal(host.Clock.GetUtcNow(), state.CreatedAt);
    }

    [Fact]
    public async Task Resume_RoundTrippedTwiceAcrossHosts_FinishesOnce()
    {
        var workflowJson = Definition;
        WorkflowState state;
        using (var a = new WorkflowTestHost())
            state = WorkflowTestHost.RoundTrip((await a.RunAsync(a.Load(workflowJson))).State);
        state = WorkflowTestHost.RoundTrip(state);

        using var b = new WorkflowTestHost();
        var resumed = await b.Runner.ResumeAsync(b.Load(workflowJson), state, state.Bookmarks[0].Id,
            new Dictionary<string, object?> { ["payload"] = new Dictionary<string, object?> { ["amount"] = 0 } });

        Assert.Equal(WorkflowSubStatus.Finished, resumed.SubStatus);
        Assert.Equal(["before: 11"], b.Lines);
        Assert.Empty(resumed.State.Bookmarks);
        Assert.Empty(resumed.State.ActivityExecutionContexts);
    }
}
