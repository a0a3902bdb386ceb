using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Tests.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IntellyHub.Workflows.Tests.Activities.Composition;

public sealed class ExecuteWorkflowTests
{
    private static Workflow Child() => new(new Sequence(
        new WriteLine(Input<string>.JavaScript("'child got ' + getInput('n')")),
        new SetOutput { OutputName = new("doubled"), OutputValue = Input<object?>.JavaScript("getInput('n') * 2") }))
    {
        DefinitionId = "child",
    };

    private static WorkflowTestHost HostWith(InMemoryWorkflowProvider provider) =>
        new(services: s => s.AddSingleton<IWorkflowProvider>(provider));

    [Fact]
    public async Task Execute_WaitForCompletion_ChildOutputInResult()
    {
        using var host = HostWith(new InMemoryWorkflowProvider().Add("child", Child));
        var execute = new ExecuteWorkflow
        {
            Id = "exec1",
            WorkflowDefinitionId = new("child"),
            WaitForCompletion = new(true),
            CorrelationId = new("corr-1"),
            Input = new(new Dictionary<string, object?> { ["n"] = 21 }),
        };

        var result = await host.RunAsync(new Sequence(execute, new WriteLine(Input<string>.JavaScript("'parent saw ' + getOutputFrom('exec1').Output.doubled"))));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["child got 21", "parent saw 42"], host.Lines);
        var childResult = Assert.IsType<ExecuteWorkflowResult>(result.Context!.GetActivityOutput("exec1"));
        Assert.Equal(42, childResult.Output["doubled"]);
        Assert.Equal(WorkflowSubStatus.Finished, childResult.SubStatus);
        Assert.Equal("corr-1", childResult.CorrelationId);
        Assert.NotEqual(result.Context.InstanceId, childResult.WorkflowInstanceId);
    }

    [Fact]
    public async Task Execute_NotWaiting_ChildStillRunsAndResultIsSet()
    {
        using var host = HostWith(new InMemoryWorkflowProvider().Add("child", Child));
        var execute = new ExecuteWorkflow { Id = "exec1", WorkflowDefinitionId = new("child"), Input = new(new Dictionary<string, object?> { ["n"] = 1 }) };

        var result = await host.RunAsync(execute);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["child got 1"], host.Lines);
        var record = Assert.Single(result.Journal, r => r.ActivityId == "exec1");
        Assert.Equal(2, Assert.IsType<ExecuteWorkflowResult>(record.Outputs["Result"]).Output["doubled"]);
    }

    [Fact]
    public async Task Execute_MissingDefinition_FaultsWithClearIncident()
    {
        using var host = HostWith(new InMemoryWorkflowProvider());

        var result = await host.RunAsync(new ExecuteWorkflow { Id = "exec1", WorkflowDefinitionId = new("nope"), WaitForCompletion = new(true) });

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        var incident = Assert.Single(result.Incidents);
        Assert.Equal("exec1", incident.ActivityId);
        Assert.Equal("Workflow definition 'nope' has no published version.", incident.Message);
    }

    [Fact]
    public async Task Execute_NoProviderRegistered_FaultsWithClearIncident()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new ExecuteWorkflow { Id = "exec1", WorkflowDefinitionId = new("child") });

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Contains("No workflow provider is registered", Assert.Single(result.Incidents).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_ChildFaultsWhileWaiting_ParentFaultsWithChildMessage()
    {
        using var host = HostWith(new InMemoryWorkflowProvider().Add("bad", () => new Workflow(new Fault { Message = new("child broke") })));

        var result = await host.RunAsync(new ExecuteWorkflow { Id = "exec1", WorkflowDefinitionId = new("bad"), WaitForCompletion = new(true) });

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal("Child workflow 'bad' faulted: child broke", Assert.Single(result.Incidents).Message);
    }

    [Fact]
    public async Task Execute_ChildSuspendsWhileWaitingWithoutRuntime_Faults()
    {
        using var host = HostWith(new InMemoryWorkflowProvider().Add("waits", () => new Workflow(new Event("later"))));

        var result = await host.RunAsync(new ExecuteWorkflow { Id = "exec1", WorkflowDefinitionId = new("waits"), WaitForCompletion = new(true) });

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Contains("needs the durable runtime", Assert.Single(result.Incidents).Message, StringComparison.Ordinal);
    }
}
