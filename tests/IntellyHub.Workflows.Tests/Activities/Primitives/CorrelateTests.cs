using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Activities.Primitives;

public sealed class CorrelateTests
{
    [Fact]
    public async Task Execute_LiteralId_SetsInstanceCorrelationId()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Correlate { CorrelationId = new("order-17") });

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal("order-17", result.Context!.CorrelationId);
        Assert.Equal("order-17", result.State.CorrelationId);
    }

    [Fact]
    public async Task Execute_OverridesStartCorrelationId_LaterExpressionsSeeNewId()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(
            new Sequence(
                new WriteLine(Input<string>.JavaScript("getCorrelationId()")),
                new Correlate { CorrelationId = Input<string>.JavaScript("'customer-' + getInput('customer')") },
                new WriteLine(Input<string>.JavaScript("getCorrelationId()"))),
            new RunWorkflowOptions { CorrelationId = "initial", Input = new Dictionary<string, object?> { ["customer"] = "c9" } });

        Assert.Equal(["initial", "customer-c9"], host.Lines);
        Assert.Equal("customer-c9", result.State.CorrelationId);
    }

    [Fact]
    public async Task Execute_BeforeSuspend_CorrelationIdSurvivesPersistence()
    {
        using var host = new WorkflowTestHost();
        var workflow = new Workflow(new Sequence(new Correlate { CorrelationId = new("kept") }, new Event("go")));

        var first = await host.RunAsync(workflow);
        var state = WorkflowTestHost.RoundTrip(first.State);
        var second = await host.Runner.ResumeAsync(workflow, state, Assert.Single(state.Bookmarks).Id);

        Assert.Equal("kept", state.CorrelationId);
        Assert.Equal(WorkflowSubStatus.Finished, second.SubStatus);
        Assert.Equal("kept", second.State.CorrelationId);
    }
}
