using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Flow;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task Flowchart_StartWriteLineEnd_Finishes()
    {
        using var host = new WorkflowTestHost();
        var start = new Start { Id = "start1" };
        var write = new WriteLine("hello") { Id = "write1" };
        var end = new End { Id = "end1" };
        var flowchart = new Flowchart([start, write, end], [new Connection("start1", "Done", "write1"), new Connection("write1", "Done", "end1")]);

        var result = await host.RunAsync(flowchart);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["hello"], host.Lines);
        Assert.Contains(result.Journal, r => r.ActivityId == "write1" && r.Status == ActivityExecutionStatus.Completed && (string?)r.Inputs["Text"] == "hello");
    }

    [Fact]
    public async Task Json_FlowchartWithJavaScript_Runs()
    {
        using var host = new WorkflowTestHost();
        var workflow = host.Load("""
        {
          "definitionId": "wf", "name": "Demo", "version": 1,
          "variables": [ { "id": "v1", "name": "Count", "typeName": "Int32", "value": "2" } ],
          "root": { "type": "Elsa.Flowchart", "version": 1, "id": "flowchart1",
            "activities": [
              { "type": "Elsa.Start", "version": 1, "id": "start1" },
              { "type": "Elsa.SetVariable", "version": 1, "id": "set1",
                "variable": { "id": "v1", "name": "Count", "typeName": "Int32" },
                "value": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "getCount() + 40" } } },
              { "type": "Elsa.WriteLine", "version": 1, "id": "write1",
                "text": { "typeName": "String", "expression": { "type": "Liquid", "value": "Count is {{ Variables.Count }}" } } }
            ],
            "connections": [
              { "source": { "activity": "start1", "port": "Done" }, "target": { "activity": "set1", "port": "In" } },
              { "source": { "activity": "set1", "port": "Done" }, "target": { "activity": "write1", "port": "In" } }
            ] } }
        """);

        var result = await host.RunAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["Count is 42"], host.Lines);
        Assert.Equal(42, result.Context!.GetVariable("Count"));
    }
}
