using System.Text.Json;
using IntellyHub.Activities.Kubernetes.Jobs;
using IntellyHub.Activities.Kubernetes.Tests.Testing;
using IntellyHub.Runtime.Instances;
using IntellyHub.Runtime.Tests.Testing;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Activities.Kubernetes.Tests;

public sealed class SqliteJobScenarioTests() : JobScenarioTests(Provider.Sqlite);

public sealed class PostgreSqlJobScenarioTests() : JobScenarioTests(Provider.PostgreSql);

/// <summary>
/// The Job activity, the watcher and the reconciler end to end: the real KubernetesClient against the fake API server
/// (see FakeKubernetes/), the durable runtime on SQLite and on PostgreSQL. Each scenario drives the Job's life through the fake.
/// </summary>
public abstract class JobScenarioTests(Provider provider)
{
    [Fact]
    public async Task A_job_that_succeeds_resumes_the_flow_with_exit_code_0_and_the_tail_of_its_log()
    {
        await using var scenario = await Scenario.StartAsync(provider);
        var host = await scenario.StartHostAsync();
        var run = await host.StartAsync("k8s-success", JobActivityJson.Shell("echo hello", ("Namespace", "String", "team-a"), ("CpuRequest", "String", "250m"), ("MemoryLimit", "String", "128Mi")));

        Assert.Equal(WorkflowSubStatus.Suspended, run.SubStatus);
        var job = scenario.Api.SingleJob;
        Assert.Equal("team-a", job.Metadata.NamespaceProperty);
        Assert.Equal(JobLabels.ManagedByValue, job.Metadata.Labels[JobLabels.ManagedBy]);
        Assert.Equal(run.InstanceId, job.Metadata.Labels[JobLabels.WorkflowInstanceId]);
        Assert.Equal("job", job.Metadata.Labels[JobLabels.ActivityId]);
        Assert.Equal(JobLabels.JobName(run.InstanceId, job.Metadata.Labels[JobLabels.ActivityInstanceId], "job"), job.Metadata.Name);
        Assert.Equal(["sh", "-c"], job.Spec.Template.Spec.Containers[0].Command);
        Assert.Equal(["echo hello"], job.Spec.Template.Spec.Containers[0].Args);
        Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);

        scenario.Api.Start("team-a", job.Metadata.Name);
        var log = string.Join('\n', Enumerable.Range(1, 250).Select(i => $"line {i}")) + "\n";
        scenario.Api.Succeed("team-a", job.Metadata.Name, log);
        var delivered = await host.NextDeliveryAsync(job.Metadata.Name);
        Assert.Equal(KubernetesJobStatus.Succeeded, delivered.Status);
        await host.DrainQueueAsync();

        var finished = await host.DescribeAsync(run.InstanceId);
        Assert.Equal(WorkflowSubStatus.Finished, finished.SubStatus);
        var row = Assert.Single(await host.JournalAsync(run.InstanceId, "job"));
        Assert.Contains(RunKubernetesJob.Succeeded, row.Outcomes);
        var outputs = await host.OutputsAsync(run.InstanceId, "job");
        Assert.Equal(0, outputs.GetProperty("ExitCode").GetInt32());
        Assert.Equal("Succeeded", outputs.GetProperty("Status").GetString());
        var logs = outputs.GetProperty("Logs").GetString()!;
        Assert.StartsWith("line 151\n", logs, StringComparison.Ordinal);   // the last 100 lines only
        Assert.EndsWith("line 250\n", logs, StringComparison.Ordinal);
        Assert.NotEqual(JsonValueKind.Null, outputs.GetProperty("StartedAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, outputs.GetProperty("FinishedAt").ValueKind);
    }

    [Fact]
    public async Task A_job_that_fails_ends_Failed_with_its_exit_code_and_reason()
    {
        await using var scenario = await Scenario.StartAsync(provider);
        var host = await scenario.StartHostAsync();
        var run = await host.StartAsync("k8s-failure", JobActivityJson.Shell("exit 3"));
        var job = scenario.Api.SingleJob;

        scenario.Api.Fail("default", job.Metadata.Name, 3, "boom\n");
        await host.NextDeliveryAsync(job.Metadata.Name);
        await host.DrainQueueAsync();

        Assert.Equal(WorkflowSubStatus.Finished, (await host.DescribeAsync(run.InstanceId)).SubStatus);
        Assert.Contains(RunKubernetesJob.Failed, Assert.Single(await host.JournalAsync(run.InstanceId, "job")).Outcomes);
        var outputs = await host.OutputsAsync(run.InstanceId, "job");
        Assert.Equal(3, outputs.GetProperty("ExitCode").GetInt32());
        Assert.Equal("Failed", outputs.GetProperty("Status").GetString());
        Assert.Contains("BackoffLimitExceeded", outputs.GetProperty("Reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("boom\n", outputs.GetProperty("Logs").GetString());
    }

    [Fact]
    public async Task A_job_past_its_deadline_ends_TimedOut()
    {
        await using var scenario = await Scenario.StartAsync(provider);
        var host = await scenario.StartHostAsync();
        var run = await host.StartAsync("k8s-deadline", JobActivityJson.Shell("sleep 3600", ("ActiveDeadline", "TimeSpan", "00:00:30")));
        var job = scenario.Api.SingleJob;
        Assert.Equal(30, job.Spec.ActiveDeadlineSeconds);

        scenario.Api.Start("default", job.Metadata.Name);
        scenario.Api.ExceedDeadline("default", job.Metadata.Name, "");
        await host.NextDeliveryAsync(job.Metadata.Name);
        await host.DrainQueueAsync();

        Assert.Contains(RunKubernetesJob.TimedOut, Assert.Single(await host.JournalAsync(run.InstanceId, "job")).Outcomes);
        var outputs = await host.OutputsAsync(run.InstanceId, "job");
        Assert.Equal("TimedOut", outputs.GetProperty("Status").GetString());
        Assert.Contains("DeadlineExceeded", outputs.GetProperty("Reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_that_ends_while_the_server_is_down_resumes_the_flow_once_after_the_restart()
    {
        await using var scenario = await Scenario.StartAsync(provider);
        var first = await scenario.StartHostAsync();
        var run = await first.StartAsync("k8s-restart", JobActivityJson.Shell("echo done"));
        var job = scenario.Api.SingleJob;
        await scenario.StopHostAsync(first);

        scenario.Api.Start("default", job.Metadata.Name);
        scenario.Api.Succeed("default", job.Metadata.Name, "done\n");

        // A new process on the same database: its watcher reconciles the stored bookmarks with the cluster at start.
        var second = await scenario.StartHostAsync();
        await second.NextDeliveryAsync(job.Metadata.Name);
        await second.DrainQueueAsync();
        Assert.Equal(WorkflowSubStatus.Finished, (await second.DescribeAsync(run.InstanceId)).SubStatus);

        // The watch then replays the Job's events: nothing waits any more, so nothing runs again.
        scenario.Api.DropWatches();
        await second.Watcher.ReconcileAsync("default", CancellationToken.None);
        await second.DrainQueueAsync();
        var rows = await second.JournalAsync(run.InstanceId, "job");
        Assert.Single(rows);
        Assert.Contains(RunKubernetesJob.Succeeded, rows[0].Outcomes);
        Assert.Equal(1, scenario.Api.JobsCreated);
    }

    [Fact]
    public async Task A_job_that_ends_before_its_bookmark_is_committed_is_delivered_again()
    {
        await using var scenario = await Scenario.StartAsync(provider);
        var host = await scenario.StartHostAsync();
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        scenario.Api.HoldCreateAnswers = answer.Task;

        // The Job exists and ends while the activity still waits for the create's answer (its bookmark is not stored).
        var starting = host.StartAsync("k8s-early-end", JobActivityJson.Shell("true"));
        var job = await scenario.Api.WaitForJobAsync();
        scenario.Api.Succeed("default", job.Metadata.Name, "");
        Assert.Equal(0, await host.NextAttemptAsync(job.Metadata.Name));

        answer.SetResult();
        var run = await starting;
        Assert.Equal(WorkflowSubStatus.Suspended, run.SubStatus);

        // A second later (the watcher's clock) the end is delivered again, and now a bookmark waits for it.
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        await host.NextDeliveryAsync(job.Metadata.Name);
        await host.DrainQueueAsync();
        Assert.Contains(RunKubernetesJob.Succeeded, Assert.Single(await host.JournalAsync(run.InstanceId, "job")).Outcomes);
    }

    [Fact]
    public async Task A_job_deleted_by_someone_else_ends_Failed_with_the_reason()
    {
        await using var scenario = await Scenario.StartAsync(provider);
        var host = await scenario.StartHostAsync();
        var run = await host.StartAsync("k8s-deleted", JobActivityJson.Shell("sleep 60"));
        var job = scenario.Api.SingleJob;

        scenario.Api.DeleteJob("default", job.Metadata.Name);
        await host.NextDeliveryAsync(job.Metadata.Name);
        await host.DrainQueueAsync();

        Assert.Contains(RunKubernetesJob.Failed, Assert.Single(await host.JournalAsync(run.InstanceId, "job")).Outcomes);
        var reason = (await host.OutputsAsync(run.InstanceId, "job")).GetProperty("Reason").GetString();
        Assert.Contains(KubernetesJobResult.DeletedReason, reason, StringComparison.Ordinal);
        Assert.Contains("deleted before it finished", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_deleted_while_the_server_is_down_ends_Failed_at_the_next_start()
    {
        await using var scenario = await Scenario.StartAsync(provider);
        var first = await scenario.StartHostAsync();
        var run = await first.StartAsync("k8s-deleted-down", JobActivityJson.Shell("sleep 60"));
        var job = scenario.Api.SingleJob;
        await scenario.StopHostAsync(first);

        scenario.Api.DeleteJob("default", job.Metadata.Name);
        var second = await scenario.StartHostAsync();
        await second.NextDeliveryAsync(job.Metadata.Name);
        await second.DrainQueueAsync();

        Assert.Contains(RunKubernetesJob.Failed, Assert.Single(await second.JournalAsync(run.InstanceId, "job")).Outcomes);
        Assert.Contains(KubernetesJobResult.DeletedReason, (await second.OutputsAsync(run.InstanceId, "job")).GetProperty("Reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_api_is_an_incident_retried_with_growing_delays_and_never_two_jobs()
    {
        await using var scenario = await Scenario.StartAsync(provider);
        var host = await scenario.StartHostAsync(watch: false);
        scenario.Api.Unavailable = true;

        var run = await host.StartAsync("k8s-unreachable", JobActivityJson.Shell("echo hi"));
        Assert.Equal(WorkflowSubStatus.Suspended, run.SubStatus);
        var incident = Assert.Single(run.Incidents);
        Assert.Contains("did not accept Job", incident.Message, StringComparison.Ordinal);
        Assert.Contains("attempt 1 of 8", incident.Message, StringComparison.Ordinal);
        Assert.Equal(JobRetryStimulus.Name, Assert.Single(run.Bookmarks).Name);
        Assert.Equal(0, scenario.Api.JobsCreated);

        // 5 s later: the second attempt, still unreachable; the next one is due 10 s after it, not 5 s.
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        await host.RunDueTimersAsync();
        Assert.Equal(2, (await host.DescribeAsync(run.InstanceId)).Incidents.Count);
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        await host.RunDueTimersAsync();
        Assert.Equal(2, (await host.DescribeAsync(run.InstanceId)).Incidents.Count);

        // The API is back, but the answer to the create is lost: the Job exists, the activity does not know it.
        scenario.Api.Unavailable = false;
        scenario.Api.LoseNextCreateAnswer = true;
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        await host.RunDueTimersAsync();
        Assert.Equal(3, (await host.DescribeAsync(run.InstanceId)).Incidents.Count);
        Assert.Equal(1, scenario.Api.JobsCreated);

        // The next attempt gets 409 AlreadyExists for its own Job: that is success, and no second Job is made.
        host.Clock.Advance(TimeSpan.FromSeconds(20));
        await host.RunDueTimersAsync();
        var waiting = await host.DescribeAsync(run.InstanceId);
        Assert.Equal(WorkflowSubStatus.Suspended, waiting.SubStatus);
        Assert.Equal(KubernetesJobStimulus.Name, Assert.Single(waiting.Bookmarks).Name);
        Assert.Equal(1, scenario.Api.JobsCreated);
        Assert.Single(scenario.Api.Jobs);

        await host.StartWatcherAsync();
        var job = scenario.Api.SingleJob;
        scenario.Api.Succeed("default", job.Metadata.Name, "hi\n");
        await host.NextDeliveryAsync(job.Metadata.Name);
        await host.DrainQueueAsync();
        Assert.Equal(WorkflowSubStatus.Finished, (await host.DescribeAsync(run.InstanceId)).SubStatus);
        Assert.Contains(RunKubernetesJob.Succeeded, (await host.JournalAsync(run.InstanceId, "job")).Last().Outcomes);
    }

    [Fact]
    public async Task An_api_unreachable_past_the_last_attempt_faults_the_activity_and_a_retry_creates_one_job()
    {
        await using var scenario = await Scenario.StartAsync(provider);
        var host = await KubernetesTestHost.CreateAsync(scenario.Database.CreateRuntimeDatabase(), scenario.Api, configure: o => o.MaxAttempts = 2);
        await using var _ = host;
        scenario.Api.Unavailable = true;
        var run = await host.StartAsync("k8s-give-up", JobActivityJson.Shell("echo hi"));
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        await host.RunDueTimersAsync();

        var faulted = await host.DescribeAsync(run.InstanceId);
        Assert.Equal(WorkflowSubStatus.Faulted, faulted.SubStatus);
        Assert.Contains("attempt 2 of 2", faulted.Incidents[^1].Message, StringComparison.Ordinal);

        scenario.Api.Unavailable = false;
        var retried = await host.Runtime.RetryAsync(run.InstanceId, faulted.Incidents[^1].ActivityInstanceId);
        Assert.Equal(InstanceOperationStatus.Done, retried.Status);
        Assert.Equal(WorkflowSubStatus.Suspended, retried.Run!.SubStatus);
        Assert.Equal(1, scenario.Api.JobsCreated);
    }

    [Fact]
    public async Task Cancelling_the_workflow_deletes_the_job_with_background_propagation()
    {
        await using var scenario = await Scenario.StartAsync(provider);
        var host = await scenario.StartHostAsync();
        var run = await host.StartAsync("k8s-cancel", JobActivityJson.Shell("sleep 3600"));
        var job = scenario.Api.SingleJob;

        var cancelled = await host.Runtime.CancelAsync(run.InstanceId);

        Assert.Equal(WorkflowSubStatus.Cancelled, cancelled.Run!.SubStatus);
        Assert.Equal(("default", job.Metadata.Name, "Background"), Assert.Single(scenario.Api.DeleteRequests));
        Assert.Empty(scenario.Api.Jobs);
    }

    [Fact]
    public async Task An_expired_watch_lists_again_and_delivers_what_ended_in_the_gap()
    {
        await using var scenario = await Scenario.StartAsync(provider);
        var host = await scenario.StartHostAsync();
        var run = await host.StartAsync("k8s-expired", JobActivityJson.Shell("echo hi"));
        var job = scenario.Api.SingleJob;
        var listsBefore = scenario.Api.Requests.Count(r => r.StartsWith("GET /apis/batch/v1/namespaces/default/jobs?", StringComparison.Ordinal) && !r.Contains("watch=true", StringComparison.Ordinal));

        // etcd compacted the history and the connection dropped: the watcher's version is gone (410), it must list again.
        scenario.Api.Compact();
        scenario.Api.DropWatches();
        scenario.Api.Succeed("default", job.Metadata.Name, "hi\n");
        await host.NextDeliveryAsync(job.Metadata.Name);
        await host.DrainQueueAsync();

        Assert.Equal(WorkflowSubStatus.Finished, (await host.DescribeAsync(run.InstanceId)).SubStatus);
        var listsAfter = scenario.Api.Requests.Count(r => r.StartsWith("GET /apis/batch/v1/namespaces/default/jobs?", StringComparison.Ordinal) && !r.Contains("watch=true", StringComparison.Ordinal));
        Assert.True(listsAfter > listsBefore, "The watcher did not list the Jobs again after the 410.");
        Assert.Contains(scenario.Api.Requests, r => r.Contains("watch=true", StringComparison.Ordinal) && r.Contains("resourceVersion=", StringComparison.Ordinal));
    }
}
