using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Activities.Primitives;

public sealed class SetOutputTests
{
    [Fact]
    public async Task Execute_LiteralValue_SetsWorkflowOutput()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new SetOutput { OutputName = new("answer"), OutputValue = new("forty-two") });

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal("forty-two", result.Output["answer"]);
        Assert.Equal("forty-two", result.State.Output["answer"]);
    }

    [Fact]
    public async Task Execute_JavaScriptValueFromInput_SetsComputedOutput()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(
            new SetOutput { OutputName = new("total"), OutputValue = Input<object?>.JavaScript("getInput('a') + getInput('b')") },
            new RunWorkflowOptions { Input = new Dictionary<string, object?> { ["a"] = 2, ["b"] = 3 } });

        Assert.Equal(5, result.Output["total"]);
    }

    [Fact]
    public async Task Execute_SameNameTwice_LastValueWins()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Sequence(
            new SetOutput { OutputName = new("x"), OutputValue = new("first") },
            new SetOutput { OutputName = new("x"), OutputValue = new("second") }));

        Assert.Equal("second", Assert.Single(result.Output).Value);
    }

    [Fact]
    public async Task Execute_EmptyName_FaultsWithIncident()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new SetOutput { Id = "out1", OutputName = new(" "), OutputValue = new("v") });

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        var incident = Assert.Single(result.Incidents);
        Assert.Equal("out1", incident.ActivityId);
        Assert.Equal("The output name is empty.", incident.Message);
        Assert.Empty(result.Output);
    }
}
