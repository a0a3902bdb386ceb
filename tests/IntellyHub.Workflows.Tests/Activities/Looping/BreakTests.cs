using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Branching;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Looping;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Flow;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Activities.Looping;

public sealed class BreakTests
{
    // Body flowchart: decision(i == 3) -True-> break; -False-> write i
    private static Flowchart BreakWhenThree(Variable i) => new(
        [
            new FlowDecision(Input<bool>.JavaScript("getI() == 3")) { Id = "decision1" },
            new Break { Id = "break1" },
            new WriteLine(new Input<string>(i)) { Id = "write1" },
        ],
        [new Connection("decision1", "True", "break1"), new Connection("decision1", "False", "write1")]);

    [Fact]
    public async Task Execute_InForFlowchartBody_StopsLoop()
    {
        using var host = new WorkflowTestHost();
        var i = new Variable("i", "I", "Int32", null);
        var loop = new For(1, 10) { CurrentValue = new Output<object?>(i), Body = BreakWhenThree(i) };
        var workflow = new Workflow(new Sequence(loop, new WriteLine("after loop"))) { Variables = [i] };

        var result = await host.RunAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["1", "2", "after loop"], host.Lines);
        Assert.Single(result.Journal, r => r.ActivityId == "break1");
    }

    [Fact]
    public async Task Execute_UnderIfInFlowchartBody_StopsLoopAndRestOfFlowchart()
    {
        using var host = new WorkflowTestHost();
        var i = new Variable("i", "I", "Int32", null);
        var body = new Flowchart(
            [
                new If(Input<bool>.JavaScript("getI() == 2"), new Break()) { Id = "if1" },
                new WriteLine(new Input<string>(i)) { Id = "write1" },
            ],
            [new Connection("if1", "Done", "write1")]);
        var loop = new For(1, 10) { CurrentValue = new Output<object?>(i), Body = body };
        var workflow = new Workflow(new Sequence(loop, new WriteLine("after loop"))) { Variables = [i] };

        var result = await host.RunAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["1", "after loop"], host.Lines);
    }

    [Fact]
    public async Task Execute_InWhileSequenceBody_StopsLoopAndSkipsRestOfSequence()
    {
        using var host = new WorkflowTestHost();
        var loop = new While(new Input<bool>(true), new Sequence(new WriteLine("body"), new Break(), new WriteLine("not reached")));

        var result = await host.RunAsync(new Sequence(loop, new WriteLine("after loop")));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["body", "after loop"], host.Lines);
    }

    [Fact]
    public async Task Execute_InForEachSequenceBodyUnderIf_StopsLoopAndRestOfIteration()
    {
        using var host = new WorkflowTestHost();
        var item = new Variable("item", "Item", "String", null);
        var loop = new ForEach
        {
            Items = new Input<object?>(new object?[] { "a", "stop", "c" }),
            CurrentValue = new Output<object?>(item),
            Body = new Sequence(
                new If(Input<bool>.JavaScript("getItem() == 'stop'"), new Break()),
                new WriteLine(new Input<string>(item))),
        };
        var workflow = new Workflow(new Sequence(loop, new WriteLine("after loop"))) { Variables = [item] };

        var result = await host.RunAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["a", "after loop"], host.Lines);
    }

    [Fact]
    public async Task Execute_InInnerLoop_StopsOnlyInnerLoop()
    {
        using var host = new WorkflowTestHost();
        var outer = new Variable("o", "O", "Int32", null);
        var inner = new For(1, 5) { Body = new Break() };
        var loop = new For(1, 2) { CurrentValue = new Output<object?>(outer), Body = new Sequence(inner, new WriteLine(new Input<string>(outer))) };
        var workflow = new Workflow(loop) { Variables = [outer] };

        var result = await host.RunAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["1", "2"], host.Lines);
    }

    [Fact]
    public async Task Execute_OutsideLoop_Faults()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Sequence(new Break { Id = "break1" }));

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        var incident = Assert.Single(result.Incidents);
        Assert.Equal("break1", incident.ActivityId);
        Assert.Equal("Break is not inside a loop.", incident.Message);
    }
}
