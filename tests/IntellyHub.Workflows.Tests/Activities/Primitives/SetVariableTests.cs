using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Activities.Primitives;

public sealed class SetVariableTests
{
    [Fact]
    public async Task Execute_StringIntoInt32Variable_StoresConvertedInt()
    {
        using var host = new WorkflowTestHost();
        var count = new Variable("v1", "Count", "Int32", null);
        var workflow = new Workflow(new SetVariable(count, new Input<object?>("5"))) { Variables = [count] };

        var result = await host.RunAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        var value = result.Context!.GetVariable("Count");
        Assert.IsType<int>(value);
        Assert.Equal(5, value);
        Assert.Equal(5, result.State.Variables["v1"]);
    }

    [Fact]
    public async Task Execute_JavaScriptValue_ReadsAndWritesVariable()
    {
        using var host = new WorkflowTestHost();
        var count = new Variable("v1", "Count", "Int32", "10");
        var workflow = new Workflow(new Sequence(
            new SetVariable(count, Input<object?>.JavaScript("getCount() * 2")),
            new WriteLine(new Input<string>(count)))) { Variables = [count] };

        var result = await host.RunAsync(workflow);

        Assert.Equal(20, result.Context!.GetVariable("Count"));
        Assert.Equal(["20"], host.Lines);
    }

    [Fact]
    public async Task Execute_VariableDeclaredOnSequence_IsAssigned()
    {
        using var host = new WorkflowTestHost();
        var name = new Variable("v2", "Name", "String", null);
        var sequence = new Sequence(new SetVariable(name, new Input<object?>("Grace"))) { Variables = [name] };

        var result = await host.RunAsync(sequence);

        Assert.Equal("Grace", result.Context!.GetVariable("v2"));
    }

    [Fact]
    public async Task Execute_UndeclaredVariable_FaultsWithIncident()
    {
        using var host = new WorkflowTestHost();
        var stray = new Variable("nope", "Stray", "String", null);

        var result = await host.RunAsync(new SetVariable(stray, new Input<object?>("x")) { Id = "set1" });

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        var incident = Assert.Single(result.Incidents);
        Assert.Equal("set1", incident.ActivityId);
        Assert.Contains("not declared", incident.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_ValueNotConvertible_Faults()
    {
        using var host = new WorkflowTestHost();
        var count = new Variable("v1", "Count", "Int32", null);
        var workflow = new Workflow(new SetVariable(count, new Input<object?>("five")) { Id = "set1" }) { Variables = [count] };

        var result = await host.RunAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal("set1", Assert.Single(result.Incidents).ActivityId);
    }
}
