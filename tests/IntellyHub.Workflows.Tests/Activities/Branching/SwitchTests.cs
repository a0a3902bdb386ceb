using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Branching;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Expressions;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Activities.Branching;

public sealed class SwitchTests
{
    private static Switch Build(SwitchMode mode, bool withDefault = true) => new()
    {
        Id = "switch1",
        Mode = new Input<SwitchMode>(mode),
        Cases =
        [
            new SwitchCase("Small", Expression.JavaScript("getInput('n') < 10"), new WriteLine("small")),
            new SwitchCase("Even", Expression.JavaScript("getInput('n') % 2 == 0"), new WriteLine("even")),
        ],
        Default = withDefault ? new WriteLine("default") : null,
    };

    private static RunWorkflowOptions WithN(int n) => new() { Input = new Dictionary<string, object?> { ["n"] = n } };

    [Fact]
    public async Task Execute_MatchFirstBothMatch_RunsFirstCaseOnly()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(Build(SwitchMode.MatchFirst), WithN(2));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["small"], host.Lines);
    }

    [Fact]
    public async Task Execute_MatchAnyBothMatch_RunsBothCases()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(Build(SwitchMode.MatchAny), WithN(2));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["small", "even"], host.Lines);
    }

    [Fact]
    public async Task Execute_NoMatch_RunsDefault()
    {
        using var host = new WorkflowTestHost();

        await host.RunAsync(Build(SwitchMode.MatchFirst), WithN(11));

        Assert.Equal(["default"], host.Lines);
    }

    [Fact]
    public async Task Execute_NoMatchNoDefault_CompletesAndContinues()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Sequence(Build(SwitchMode.MatchFirst, withDefault: false), new WriteLine("next")), WithN(11));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["next"], host.Lines);
    }

    [Fact]
    public async Task Execute_MatchAnyOneCaseWaits_CompletesAfterAllCasesComplete()
    {
        using var host = new WorkflowTestHost();
        var sw = new Switch
        {
            Id = "switch1",
            Mode = new Input<SwitchMode>(SwitchMode.MatchAny),
            Cases =
            [
                new SwitchCase("A", Expression.Literal(true), new Event("go")),
                new SwitchCase("B", Expression.Literal(true), new WriteLine("b")),
            ],
        };
        var workflow = new Workflow(new Sequence(sw, new WriteLine("after switch")));

        var first = await host.RunAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Suspended, first.SubStatus);
        Assert.Equal(["b"], host.Lines);

        var second = await host.Runner.ResumeAsync(workflow, WorkflowTestHost.RoundTrip(first.State), first.Bookmarks[0].Id);

        Assert.Equal(WorkflowSubStatus.Finished, second.SubStatus);
        Assert.Equal(["b", "after switch"], host.Lines);
    }
}
