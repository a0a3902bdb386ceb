using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Looping;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Activities.Looping;

public sealed class ForTests
{
    private static Workflow Loop(int start, int end, int step = 1, bool inclusive = true)
    {
        var i = new Variable("i", "I", "Int32", null);
        var loop = new For(start, end)
        {
            Id = "for1",
            Step = new Input<int>(step),
            OuterBoundInclusive = new Input<bool>(inclusive),
            CurrentValue = new Output<object?>(i),
            Body = new WriteLine(new Input<string>(i)),
        };
        return new Workflow(new Sequence(loop, new WriteLine("done"))) { Variables = [i] };
    }

    [Fact]
    public async Task Execute_InclusiveRange_RunsEveryValueIncludingEnd()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(Loop(1, 3));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["1", "2", "3", "done"], host.Lines);
        Assert.Equal(3, result.Context!.GetVariable("I"));
    }

    [Fact]
    public async Task Execute_ExclusiveBound_StopsBeforeEnd()
    {
        using var host = new WorkflowTestHost();

        await host.RunAsync(Loop(0, 3, inclusive: false));

        Assert.Equal(["0", "1", "2", "done"], host.Lines);
    }

    [Fact]
    public async Task Execute_NegativeStep_CountsDown()
    {
        using var host = new WorkflowTestHost();

        await host.RunAsync(Loop(3, 1, step: -1));

        Assert.Equal(["3", "2", "1", "done"], host.Lines);
    }

    [Fact]
    public async Task Execute_NegativeStepExclusive_StopsAboveEnd()
    {
        using var host = new WorkflowTestHost();

        await host.RunAsync(Loop(10, 4, step: -3, inclusive: false));

        Assert.Equal(["10", "7", "done"], host.Lines);
    }

    [Fact]
    public async Task Execute_StepTwo_SkipsValues()
    {
        using var host = new WorkflowTestHost();

        await host.RunAsync(Loop(0, 5, step: 2));

        Assert.Equal(["0", "2", "4", "done"], host.Lines);
    }

    [Fact]
    public async Task Execute_StartBeyondEnd_BodyNeverRuns()
    {
        using var host = new WorkflowTestHost();

        await host.RunAsync(Loop(5, 1));

        Assert.Equal(["done"], host.Lines);
    }

    [Fact]
    public async Task Execute_ZeroStep_CompletesWithoutLooping()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(Loop(0, 3, step: 0));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["done"], host.Lines);
    }

    [Fact]
    public async Task Execute_BodyWaits_LoopStateSurvivesPersistence()
    {
        using var host = new WorkflowTestHost();
        var i = new Variable("i", "I", "Int32", null);
        var workflow = new Workflow(new For(1, 2)
        {
            CurrentValue = new Output<object?>(i),
            Body = new Sequence(new Event("next"), new WriteLine(new Input<string>(i))),
        }) { Variables = [i] };

        var result = await host.RunAsync(workflow);
        while (result.SubStatus == WorkflowSubStatus.Suspended)
            result = await host.Runner.ResumeAsync(workflow, WorkflowTestHost.RoundTrip(result.State), Assert.Single(result.Bookmarks).Id);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["1", "2"], host.Lines);
    }
}
