using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Flow;
using IntellyHub.Workflows.Tests.Testing;
using Microsoft.Extensions.DependencyInjection;
using Parallel = IntellyHub.Workflows.Activities.Composition.Parallel;

namespace IntellyHub.Workflows.Tests.Execution;

public sealed class IncidentTests
{
    [Fact]
    public async Task Fault_Exception_RecordsIncidentWithActivityAndMessage()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Sequence(new Throwing("disk full") { Id = "thrower" }) { Id = "seq1" });

        var incident = Assert.Single(result.Incidents);
        Assert.Equal("thrower", incident.ActivityId);
        Assert.Equal("Workflow1:seq1:thrower", incident.ActivityNodeId);
        Assert.Equal("disk full", incident.Message);
        Assert.Equal(typeof(InvalidOperationException).FullName, incident.Exception!.Type);
        Assert.Equal(host.Clock.GetUtcNow(), incident.Timestamp);
        var record = Assert.Single(result.Journal, r => r.ActivityId == "thrower");
        Assert.Equal(record.Id, incident.ActivityInstanceId);
    }

    [Fact]
    public async Task Fault_StrategyFault_WorkflowFaultedAndLaterActivitiesNotRun()
    {
        using var host = new WorkflowTestHost();
        var workflow = new Workflow(new Sequence(new WriteLine("before"), new Throwing { Id = "thrower" }, new WriteLine("after")))
        {
            IncidentStrategy = IncidentStrategy.Fault,
        };

        var result = await host.RunAsync(workflow);

        Assert.Equal(WorkflowStatus.Finished, result.Status);
        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal(["before"], host.Lines);
        Assert.NotNull(result.State.FinishedAt);
    }

    [Fact]
    public async Task Fault_StrategyFaultInParallel_OtherPendingBranchesDoNotRun()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Parallel(new Throwing(), new WriteLine("sibling")));

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Empty(host.Lines);
    }

    [Fact]
    public async Task Fault_ContinueWithIncidents_OtherBranchesCompleteAndWorkflowFinishes()
    {
        using var host = new WorkflowTestHost();
        var workflow = new Workflow(new Parallel(
            new Sequence(new Throwing("branch one broke") { Id = "thrower" }, new WriteLine("not reached")),
            new Sequence(new WriteLine("two-a"), new WriteLine("two-b"))))
        {
            IncidentStrategy = IncidentStrategy.ContinueWithIncidents,
        };

        var result = await host.RunAsync(workflow);

        Assert.Equal(WorkflowStatus.Finished, result.Status);
        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["two-a", "two-b"], host.Lines);
        Assert.Equal("branch one broke", Assert.Single(result.Incidents).Message);
        Assert.Single(result.State.Incidents);
    }

    [Fact]
    public async Task Fault_ContinueWithIncidentsInFlowchart_OtherBranchRuns()
    {
        using var host = new WorkflowTestHost();
        var workflow = new Workflow(new Flowchart(
            [
                new Start { Id = "start1" },
                new FlowFork { Id = "fork1", Branches = new(["A", "B"]) },
                new Throwing { Id = "thrower" },
                new WriteLine("b") { Id = "b" },
                new WriteLine("b2") { Id = "b2" },
            ],
            [
                new Connection("start1", "Done", "fork1"),
                new Connection("fork1", "A", "thrower"),
                new Connection("fork1", "B", "b"),
                new Connection("b", "Done", "b2"),
            ]))
        {
            IncidentStrategy = IncidentStrategy.ContinueWithIncidents,
        };

        var result = await host.RunAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["b", "b2"], host.Lines);
        Assert.Equal("thrower", Assert.Single(result.Incidents).ActivityId);
    }

    [Fact]
    public async Task Retry_AfterCauseFixed_RerunsFaultedActivityAndContinues()
    {
        var gate = new FlakyGate();
        using var host = new WorkflowTestHost(services: s => s.AddSingleton(gate));
        var workflow = new Workflow(new Sequence(new WriteLine("before"), new Flaky { Id = "flaky" }, new WriteLine("after")));

        var faulted = await host.RunAsync(workflow);
        Assert.Equal(WorkflowSubStatus.Faulted, faulted.SubStatus);
        var incident = Assert.Single(faulted.Incidents);
        var faultedState = WorkflowTestHost.RoundTrip(faulted.State);

        gate.Fixed = true;
        var retried = await host.Runner.RetryAsync(workflow, faultedState, incident.ActivityInstanceId);

        Assert.Equal(RunOutcome.Ran, retried.Outcome);
        Assert.Equal(WorkflowSubStatus.Finished, retried.SubStatus);
        Assert.Equal(2, gate.Attempts);
        Assert.Equal(["before", "after"], host.Lines);
        Assert.Equal(ActivityExecutionStatus.Completed, Assert.Single(retried.Journal, r => r.ActivityId == "flaky").Status);
        Assert.Equal(WorkflowSubStatus.Faulted, faultedState.SubStatus);
    }

    [Fact]
    public async Task Retry_StillFailing_FaultsAgain()
    {
        var gate = new FlakyGate();
        using var host = new WorkflowTestHost(services: s => s.AddSingleton(gate));
        var workflow = new Workflow(new Sequence(new Flaky { Id = "flaky" }, new WriteLine("after")));
        var faulted = await host.RunAsync(workflow);

        var retried = await host.Runner.RetryAsync(workflow, faulted.State, faulted.Incidents[0].ActivityInstanceId);

        Assert.Equal(WorkflowSubStatus.Faulted, retried.SubStatus);
        Assert.Equal(2, gate.Attempts);
        Assert.Empty(host.Lines);
    }

    [Fact]
    public async Task Retry_UnknownActivityInstance_ReturnsActivityNotFound()
    {
        using var host = new WorkflowTestHost();
        var workflow = new Workflow(new Throwing());
        var faulted = await host.RunAsync(workflow);

        var retried = await host.Runner.RetryAsync(workflow, faulted.State, "nope");

        Assert.Equal(RunOutcome.ActivityNotFound, retried.Outcome);
        Assert.Same(faulted.State, retried.State);
    }
}
