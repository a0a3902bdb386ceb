using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Execution;

public sealed class WorkflowRunTests
{
    [Fact]
    public async Task Run_Input_ReadableByExpressionsAndKeptInState()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(
            new Sequence(
                new WriteLine(Input<string>.JavaScript("'Hello ' + getInput('Name')")),
                new WriteLine(Input<string>.Liquid("Bye {{ Input.Name }}"))),
            new RunWorkflowOptions { Input = new Dictionary<string, object?> { ["Name"] = "Ada" } });

        Assert.Equal(["Hello Ada", "Bye Ada"], host.Lines);
        Assert.Equal("Ada", result.State.Input["Name"]);
    }

    [Fact]
    public async Task Run_Input_KeysAreCaseInsensitive()
    {
        using var host = new WorkflowTestHost();

        await host.RunAsync(new WriteLine(Input<string>.JavaScript("getInput('name')")), new RunWorkflowOptions { Input = new Dictionary<string, object?> { ["NAME"] = "x" } });

        Assert.Equal(["x"], host.Lines);
    }

    [Fact]
    public async Task Run_SetOutput_OutputInResultAndState()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Sequence(
            new SetOutput { OutputName = new("sum"), OutputValue = Input<object?>.JavaScript("getInput('a') + getInput('b')") },
            new SetOutput { OutputName = new("label"), OutputValue = new("ok") }),
            new RunWorkflowOptions { Input = new Dictionary<string, object?> { ["a"] = 40, ["b"] = 2 } });

        Assert.Equal(42, result.Output["sum"]);
        Assert.Equal("ok", result.Output["label"]);
        var state = WorkflowTestHost.RoundTrip(result.State);
        Assert.Equal("ok", ValueConverter.ToPlain(state.Output["label"]));
        Assert.Equal(42, ValueConverter.ToPlain(state.Output["sum"]));
    }

    [Fact]
    public async Task Run_CorrelationId_FromOptionsVisibleToScripts()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new WriteLine(Input<string>.JavaScript("getCorrelationId()")), new RunWorkflowOptions { CorrelationId = "abc-123" });

        Assert.Equal(["abc-123"], host.Lines);
        Assert.Equal("abc-123", result.State.CorrelationId);
    }

    [Fact]
    public async Task Run_InstanceId_FromOptionsUsed()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new WriteLine(Input<string>.JavaScript("getWorkflowInstanceId()")), new RunWorkflowOptions { InstanceId = "inst-1" });

        Assert.Equal("inst-1", result.State.Id);
        Assert.Equal(["inst-1"], host.Lines);
    }

    [Fact]
    public async Task Variable_Int32SetFromString_BecomesInt()
    {
        using var host = new WorkflowTestHost();
        var count = new Variable("count", "Count", "Int32", null);
        var workflow = new Workflow(new SetVariable(count, new Input<object?>("5"))) { Variables = [count] };

        var result = await host.RunAsync(workflow);

        Assert.IsType<int>(result.Context!.GetVariable("Count"));
        Assert.Equal(5, result.Context.GetVariable("count"));
    }

    [Fact]
    public async Task Variable_InitialValueString_ConvertedToDeclaredType()
    {
        using var host = new WorkflowTestHost();
        var workflow = new Workflow(new WriteLine("x"))
        {
            Variables =
            [
                new Variable("n", "N", "Int32", "7"),
                new Variable("b", "B", "Boolean", "true"),
                new Variable("s", "S", "String", "text"),
            ],
        };

        var result = await host.RunAsync(workflow);

        Assert.Equal(7, result.Context!.GetVariable("N"));
        Assert.Equal(true, result.Context.GetVariable("B"));
        Assert.Equal("text", result.Context.GetVariable("S"));
    }

    [Fact]
    public async Task Variable_TypedAfterResume_StillTyped()
    {
        using var host = new WorkflowTestHost();
        var count = new Variable("count", "Count", "Int32", "3");
        var workflow = new Workflow(new Sequence(new Event("go"), new SetVariable(count, Input<object?>.JavaScript("getCount() + 1")))) { Variables = [count] };

        var first = await host.RunAsync(workflow);
        var second = await host.Runner.ResumeAsync(workflow, WorkflowTestHost.RoundTrip(first.State), first.Bookmarks[0].Id);

        var value = second.Context!.GetVariable("Count");
        Assert.IsType<int>(value);
        Assert.Equal(4, value);
    }
}
