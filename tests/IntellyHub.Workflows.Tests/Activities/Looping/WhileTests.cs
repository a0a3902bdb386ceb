using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Looping;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Activities.Looping;

public sealed class WhileTests
{
    [Fact]
    public async Task Execute_JavaScriptConditionOnCounter_ReevaluatedEachIteration()
    {
        using var host = new WorkflowTestHost();
        var counter = new Variable("c", "Counter", "Int32", "0");
        var loop = new While(Input<bool>.JavaScript("getCounter() < 3"), new Sequence(
            new SetVariable(counter, Input<object?>.JavaScript("getCounter() + 1")),
            new WriteLine(Input<string>.JavaScript("'iteration ' + getCounter()"))));
        var workflow = new Workflow(new Sequence(loop, new WriteLine("done"))) { Variables = [counter] };

        var result = await host.RunAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["iteration 1", "iteration 2", "iteration 3", "done"], host.Lines);
        Assert.Equal(3, result.Context!.GetVariable("Counter"));
    }

    [Fact]
    public async Task Execute_ConditionFalseAtStart_BodyNeverRuns()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Sequence(new While(new Input<bool>(false), new WriteLine("body")), new WriteLine("done")));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["done"], host.Lines);
    }

    [Fact]
    public async Task Execute_VariableCondition_StopsWhenVariableTurnsFalse()
    {
        using var host = new WorkflowTestHost();
        var go = new Variable("go", "Go", "Boolean", "true");
        var loop = new While(new Input<bool>(go), new Sequence(new WriteLine("once"), new SetVariable(go, new Input<object?>("false"))));
        var workflow = new Workflow(loop) { Variables = [go] };

        var result = await host.RunAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["once"], host.Lines);
        Assert.Equal(false, result.Context!.GetVariable("Go"));
    }

    [Fact]
    public async Task Execute_BodyWaits_ConditionReevaluatedAfterResume()
    {
        using var host = new WorkflowTestHost();
        var counter = new Variable("c", "Counter", "Int32", "0");
        var loop = new While(Input<bool>.JavaScript("getCounter() < 2"), new Sequence(
            new Event("tick"),
            new SetVariable(counter, Input<object?>.JavaScript("getCounter() + 1"))));
        var workflow = new Workflow(new Sequence(loop, new WriteLine("done"))) { Variables = [counter] };

        var result = await host.RunAsync(workflow);
        var resumes = 0;
        while (result.SubStatus == WorkflowSubStatus.Suspended && resumes < 5)
        {
            resumes++;
            result = await host.Runner.ResumeAsync(workflow, WorkflowTestHost.RoundTrip(result.State), Assert.Single(result.Bookmarks).Id);
        }

        Assert.Equal(2, resumes);
        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["done"], host.Lines);
    }

    [Fact]
    public async Task Execute_NoBodyAndTrueCondition_Faults()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new While(new Input<bool>(true)) { Id = "while1" });

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal("while1", Assert.Single(result.Incidents).ActivityId);
    }
}
