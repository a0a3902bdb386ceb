using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Activities.Scripting;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Flow;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Activities.Scripting;

public sealed class RunJavaScriptTests
{
    [Fact]
    public async Task Execute_ScriptReturnsValue_SetsResult()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new RunJavaScript("const x = 6; x * 7") { Id = "js1" });

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        var record = Assert.Single(result.Journal, r => r.ActivityId == "js1");
        Assert.Equal(42, record.Outputs["Result"]);
        Assert.Equal("const x = 6; x * 7", record.Inputs["Script"]);
        Assert.Equal(["Done"], record.Outcomes);
    }

    [Fact]
    public async Task Execute_ResultBoundToVariable_WritesVariable()
    {
        using var host = new WorkflowTestHost();
        var total = new Variable("t", "Total", "Int32", null);
        var workflow = new Workflow(new RunJavaScript("getInput('a') + 1") { Result = new Output<object?>(total) }) { Variables = [total] };

        var result = await host.RunAsync(workflow, new RunWorkflowOptions { Input = new Dictionary<string, object?> { ["a"] = 9 } });

        Assert.Equal(10, result.Context!.GetVariable("Total"));
    }

    [Fact]
    public async Task Execute_SetVariableInScript_UpdatesWorkflowVariable()
    {
        using var host = new WorkflowTestHost();
        var name = new Variable("n", "Name", "String", "old");
        var workflow = new Workflow(new RunJavaScript("setName('new'); getName() + '!'") { Id = "js1" }) { Variables = [name] };

        var result = await host.RunAsync(workflow);

        Assert.Equal("new", result.Context!.GetVariable("Name"));
        Assert.Equal("new!", result.Context.GetActivityOutput("js1"));
    }

    [Fact]
    public async Task Execute_SetterAndVariablesObjectInSameScript_SetterWins()
    {
        using var host = new WorkflowTestHost();
        var name = new Variable("n", "Name", "String", "old");
        var workflow = new Workflow(new RunJavaScript("setName('new'); variables.Name")) { Variables = [name] };

        var result = await host.RunAsync(workflow);

        Assert.Equal("new", result.Context!.GetVariable("Name"));
    }

    [Theory]
    [InlineData(5, "big")]
    [InlineData(1, "small")]
    public async Task Execute_SetOutcome_RoutesFlowchart(int n, string expected)
    {
        using var host = new WorkflowTestHost();
        var flowchart = new Flowchart(
            [
                new Start { Id = "start1" },
                new RunJavaScript("if (getInput('n') > 3) setOutcome('Big'); else setOutcome('Small');") { Id = "js1" },
                new WriteLine("big") { Id = "big" },
                new WriteLine("small") { Id = "small" },
                new WriteLine("done") { Id = "done" },
            ],
            [
                new Connection("start1", "Done", "js1"),
                new Connection("js1", "Big", "big"),
                new Connection("js1", "Small", "small"),
                new Connection("js1", "Done", "done"),
            ]);

        var result = await host.RunAsync(flowchart, new RunWorkflowOptions { Input = new Dictionary<string, object?> { ["n"] = n } });

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal([expected], host.Lines);
    }

    [Fact]
    public async Task Execute_SetOutcomes_FollowsEveryOutcome()
    {
        using var host = new WorkflowTestHost();
        var flowchart = new Flowchart(
            [new RunJavaScript("setOutcomes(['A', 'B'])") { Id = "js1" }, new WriteLine("a") { Id = "a" }, new WriteLine("b") { Id = "b" }],
            [new Connection("js1", "A", "a"), new Connection("js1", "B", "b")]);

        var result = await host.RunAsync(flowchart);

        Assert.Equal(["a", "b"], host.Lines);
        Assert.Equal(["A", "B"], Assert.Single(result.Journal, r => r.ActivityId == "js1").Outcomes);
    }

    [Fact]
    public async Task Execute_ScriptThrows_FaultsWithJavaScriptError()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new RunJavaScript("throw new Error('kaput')") { Id = "js1" });

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        var incident = Assert.Single(result.Incidents);
        Assert.Equal("js1", incident.ActivityId);
        Assert.Contains("kaput", incident.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_EmptyScript_CompletesWithoutResult()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new RunJavaScript("  ") { Id = "js1" });

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Empty(Assert.Single(result.Journal, r => r.ActivityId == "js1").Outputs);
    }
}
