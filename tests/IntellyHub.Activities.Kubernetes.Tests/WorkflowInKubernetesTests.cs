using IntellyHub.Activities.Kubernetes.Tests.Testing;
using IntellyHub.Activities.Kubernetes.Workflows;
using IntellyHub.Workflows.Execution;
using Microsoft.Extensions.DependencyInjection;

namespace IntellyHub.Activities.Kubernetes.Tests;

/// <summary>
/// <c>IntellyHub.RunWorkflowInKubernetes</c> against the fake API: the Job's end and the child's result (what the server's
/// result endpoint sends, see the server tests for the whole path) in either order.
/// </summary>
public sealed class WorkflowInKubernetesTests
{
    private const string Activity = """
        { "type": "IntellyHub.RunWorkflowInKubernetes", "version": 1, "id": "remote",
          "workflowDefinitionId": { "typeName": "String", "expression": { "type": "Literal", "value": "child" } } }
        """;

    [Fact]
    public async Task An_executor_that_fails_before_it_reports_ends_the_activity_Failed_with_its_log()
    {
        await using var scenario = await Scenario.StartAsync();
        await using var host = await KubernetesTestHost.CreateAsync(scenario.Database.CreateRuntimeDatabase(), scenario.Api, configure: o => o.CallbackUrl = "http://intellyhub");
        await host.StartWatcherAsync();
        var run = await host.StartAsync("remote-fails", Activity);
        var job = scenario.Api.SingleJob;

        scenario.Api.Fail("default", job.Metadata.Name, 1, "error: cannot reach the server\n");
        await host.NextDeliveryAsync(job.Metadata.Name);
        await host.DrainQueueAsync();

        Assert.Equal(WorkflowSubStatus.Finished, (await host.DescribeAsync(run.InstanceId)).SubStatus);
        Assert.Contains(RunWorkflowInKubernetes.Failed, Assert.Single(await host.JournalAsync(run.InstanceId, "remote")).Outcomes);
        Assert.Equal("error: cannot reach the server\n", (await host.OutputsAsync(run.InstanceId, "remote")).GetProperty("Logs").GetString());
    }

    [Fact]
    public async Task A_job_that_succeeds_before_the_result_is_processed_waits_for_the_result()
    {
        await using var scenario = await Scenario.StartAsync();
        await using var host = await KubernetesTestHost.CreateAsync(scenario.Database.CreateRuntimeDatabase(), scenario.Api, configure: o => o.CallbackUrl = "http://intellyhub");
        await host.StartWatcherAsync();
        var run = await host.StartAsync("remote-order", Activity);
        var job = scenario.Api.SingleJob;
        var token = job.Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == WorkflowRunProtocol.TokenVariable).Value;

        scenario.Api.Succeed("default", job.Metadata.Name, "");
        await host.NextDeliveryAsync(job.Metadata.Name);
        await host.DrainQueueAsync();
        var waiting = await host.DescribeAsync(run.InstanceId);
        Assert.Equal(WorkflowSubStatus.Suspended, waiting.SubStatus);
        Assert.Equal(WorkflowRunCallbackStimulus.Name, Assert.Single(waiting.Bookmarks).Name);

        var sender = host.Services.GetRequiredService<IStimulusSender>();
        var result = new Dictionary<string, object?> { ["subStatus"] = "Finished", ["output"] = new Dictionary<string, object?> { ["answer"] = 42 } };
        Assert.Equal(1, await sender.SendAsync(WorkflowRunCallbackStimulus.Name, WorkflowRunCallbackStimulus.For(token, "child"), result));
        await host.DrainQueueAsync();

        Assert.Contains(RunWorkflowInKubernetes.Succeeded, Assert.Single(await host.JournalAsync(run.InstanceId, "remote")).Outcomes);
        Assert.Equal(42, (await host.OutputsAsync(run.InstanceId, "remote")).GetProperty("Output").GetProperty("answer").GetInt32());
        Assert.Equal(0, await sender.SendAsync(WorkflowRunCallbackStimulus.Name, WorkflowRunCallbackStimulus.For(token, "child"), result));
    }
}
