using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Branching;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Expressions;
using IntellyHub.Workflows.Flow;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Activities.Flow;

public sealed class FlowSwitchTests
{
    private static Flowchart Build(SwitchMode mode, params FlowSwitchCase[] cases)
    {
        var flowSwitch = new FlowSwitch { Id = "switch1", Cases = [.. cases], Mode = new Input<SwitchMode>(mode) };
        return new Flowchart(
            [new Start { Id = "start1" }, flowSwitch, new WriteLine("small") { Id = "small" }, new WriteLine("even") { Id = "even" }, new WriteLine("default") { Id = "default" }],
            [
                new Connection("start1", "Done", "switch1"),
                new Connection("switch1", "Small", "small"),
                new Connection("switch1", "Even", "even"),
                new Connection("switch1", "Default", "default"),
            ]);
    }

    private static FlowSwitchCase[] Cases() =>
    [
        new("Small", Expression.JavaScript("getInput('n') < 10")),
        new("Even", Expression.JavaScript("getInput('n') % 2 == 0")),
    ];

    private static RunWorkflowOptions WithN(int n) => new() { Input = new Dictionary<string, object?> { ["n"] = n } };

    [Fact]
    public async Task Execute_MatchFirstTwoCasesMatch_ContinuesOnFirstOnly()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(Build(SwitchMode.MatchFirst, Cases()), WithN(4));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["small"], host.Lines);
        Assert.Equal(["Small"], Assert.Single(result.Journal, r => r.ActivityId == "switch1").Outcomes);
    }

    [Fact]
    public async Task Execute_MatchAnyTwoCasesMatch_ContinuesOnBoth()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(Build(SwitchMode.MatchAny, Cases()), WithN(4));

        Assert.Equal(["small", "even"], host.Lines);
        Assert.Equal(["Small", "Even"], Assert.Single(result.Journal, r => r.ActivityId == "switch1").Outcomes);
    }

    [Fact]
    public async Task Execute_MatchFirstOnlySecondMatches_ContinuesOnSecond()
    {
        using var host = new WorkflowTestHost();

        await host.RunAsync(Build(SwitchMode.MatchFirst, Cases()), WithN(12));

        Assert.Equal(["even"], host.Lines);
    }

    [Fact]
    public async Task Execute_NoCaseMatches_ContinuesOnDefault()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(Build(SwitchMode.MatchAny, Cases()), WithN(13));

        Assert.Equal(["default"], host.Lines);
        Assert.Equal(["Default"], Assert.Single(result.Journal, r => r.ActivityId == "switch1").Outcomes);
    }

    [Fact]
    public async Task Execute_NoCases_ContinuesOnDefault()
    {
        using var host = new WorkflowTestHost();

        await host.RunAsync(Build(SwitchMode.MatchFirst));

        Assert.Equal(["default"], host.Lines);
    }
}
