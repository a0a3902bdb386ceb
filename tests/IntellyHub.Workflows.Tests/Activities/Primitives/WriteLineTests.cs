using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Activities.Primitives;

public sealed class WriteLineTests
{
    [Fact]
    public async Task Execute_LiteralText_WritesLineAndRecordsInput()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new WriteLine("Hello, world") { Id = "write1" });

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["Hello, world"], host.Lines);
        var record = Assert.Single(result.Journal, r => r.ActivityId == "write1");
        Assert.Equal("Hello, world", record.Inputs["Text"]);
        Assert.Equal(["Done"], record.Outcomes);
    }

    [Fact]
    public async Task Execute_JavaScriptText_WritesEvaluatedText()
    {
        using var host = new WorkflowTestHost();

        await host.RunAsync(new WriteLine(Input<string>.JavaScript("'Hi ' + getInput('name')")), new RunWorkflowOptions { Input = new Dictionary<string, object?> { ["name"] = "Ada" } });

        Assert.Equal(["Hi Ada"], host.Lines);
    }

    [Fact]
    public async Task Execute_LiquidTextWithVariable_WritesRenderedText()
    {
        using var host = new WorkflowTestHost();
        var workflow = new Workflow(new WriteLine(Input<string>.Liquid("{{ Variables.Greeting }}, Liquid")))
        {
            Variables = [new Variable("v1", "Greeting", "String", "Howdy")],
        };

        await host.RunAsync(workflow);

        Assert.Equal(["Howdy, Liquid"], host.Lines);
    }

    [Fact]
    public async Task Execute_SeveralInSequence_WritesInOrder()
    {
        using var host = new WorkflowTestHost();

        await host.RunAsync(new Sequence(new WriteLine("one"), new WriteLine("two"), new WriteLine("three")));

        Assert.Equal(["one", "two", "three"], host.Lines);
    }
}
