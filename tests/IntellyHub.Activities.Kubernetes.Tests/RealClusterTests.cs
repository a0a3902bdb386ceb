using IntellyHub.Activities.Kubernetes.Jobs;
using IntellyHub.Activities.Kubernetes.Tests.Testing;
using IntellyHub.Workflows.Execution;
using k8s;

namespace IntellyHub.Activities.Kubernetes.Tests;

/// <summary>Runs only when <c>KUBECONFIG</c> names a kubeconfig file (a real cluster); skipped otherwise.</summary>
public sealed class RealClusterFactAttribute : FactAttribute
{
    public RealClusterFactAttribute()
    {
        if (RealCluster.KubeConfig is null) Skip = "Set KUBECONFIG to a real cluster's kubeconfig to run the real-cluster suite (see README, \"Kubernetes jobs\").";
    }
}

/// <summary>Where the real-cluster suite runs: <c>KUBECONFIG</c>, and <c>IH_K8S_NAMESPACE</c> (default <c>default</c>).</summary>
public static class RealCluster
{
    public static string? KubeConfig =>
        Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } value ? value.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)[0] : null;

    public static string Namespace => Environment.GetEnvironmentVariable("IH_K8S_NAMESPACE") is { Length: > 0 } ns ? ns : "default";
}

/// <summary>
/// The scenarios of <see cref="JobScenarioTests"/> against a real cluster (opt-in: <c>KUBECONFIG</c>): busybox Jobs that
/// succeed, fail, pass their deadline, are deleted by someone else, and are deleted when the flow is cancelled; and a
/// restart of the server while a Job runs. Needs the rights of deploy/kubernetes/role.yaml in the namespace and the
/// busybox image pullable. Trait Category=RealCluster.
/// </summary>
[Trait("Category", "RealCluster")]
public sealed class RealClusterTests : IAsyncLifetime
{
    private static readonly TimeSpan JobTime = TimeSpan.FromMinutes(3);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ih-k8s-real", Guid.NewGuid().ToString("N"));
    private readonly List<KubernetesTestHost> _hosts = [];

    private string Database => Path.Combine(_folder, "intellyhub.db");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts) await host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [RealClusterFact]
    public async Task Success_gives_exit_code_0_and_the_log()
    {
        var host = await StartHostAsync();
        var run = await host.StartAsync("real-success", Job("echo hello from IntellyHub"));
        await EndAsync(host, run.InstanceId);

        Assert.Contains(RunKubernetesJob.Succeeded, Assert.Single(await host.JournalAsync(run.InstanceId, "job")).Outcomes);
        var outputs = await host.OutputsAsync(run.InstanceId, "job");
        Assert.Equal(0, outputs.GetProperty("ExitCode").GetInt32());
        Assert.Contains("hello from IntellyHub", outputs.GetProperty("Logs").GetString(), StringComparison.Ordinal);
    }

    [RealClusterFact]
    public async Task Failure_gives_the_exit_code_and_reason()
    {
        var host = await StartHostAsync();
        var run = await host.StartAsync("real-failure", Job("echo failing; exit 3"));
        await EndAsync(host, run.InstanceId);

        Assert.Contains(RunKubernetesJob.Failed, Assert.Single(await host.JournalAsync(run.InstanceId, "job")).Outcomes);
        var outputs = await host.OutputsAsync(run.InstanceId, "job");
        Assert.Equal(3, outputs.GetProperty("ExitCode").GetInt32());
        Assert.Contains("BackoffLimitExceeded", outputs.GetProperty("Reason").GetString(), StringComparison.Ordinal);
    }

    [RealClusterFact]
    public async Task A_deadline_gives_TimedOut()
    {
        var host = await StartHostAsync();
        var run = await host.StartAsync("real-deadline", Job("sleep 600", ("ActiveDeadline", "TimeSpan", "00:00:05")));
        await EndAsync(host, run.InstanceId);

        Assert.Contains(RunKubernetesJob.TimedOut, Assert.Single(await host.JournalAsync(run.InstanceId, "job")).Outcomes);
    }

    [RealClusterFact]
    public async Task A_restart_while_the_job_runs_resumes_the_flow_once()
    {
        var first = await StartHostAsync();
        var run = await first.StartAsync("real-restart", Job("sleep 10; echo done"));
        _hosts.Remove(first);
        await first.DisposeAsync();

        var jobName = JobNameOf(run);
        using (var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(RealCluster.KubeConfig)))
        {
            // Wait (by watching, not polling) until the Job ended while no server ran.
            await foreach (var (_, job) in client.BatchV1.WatchListNamespacedJobAsync(RealCluster.Namespace, fieldSelector: $"metadata.name={jobName}", timeoutSeconds: (int)JobTime.TotalSeconds))
                if (JobResultReader.Terminal(job) is not null) break;
        }

        var second = await StartHostAsync();
        await second.NextDeliveryAsync(jobName, JobTime);
        await second.DrainQueueAsync();
        var rows = await second.JournalAsync(run.InstanceId, "job");
        Assert.Single(rows);
        Assert.Contains(RunKubernetesJob.Succeeded, rows[0].Outcomes);
    }

    [RealClusterFact]
    public async Task A_job_deleted_by_someone_else_fails_with_the_reason()
    {
        var host = await StartHostAsync();
        var run = await host.StartAsync("real-deleted", Job("sleep 600"));
        using (var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(RealCluster.KubeConfig)))
            await client.BatchV1.DeleteNamespacedJobAsync(JobNameOf(run), RealCluster.Namespace, propagationPolicy: "Background");
        await EndAsync(host, run.InstanceId);

        Assert.Contains(KubernetesJobResult.DeletedReason, (await host.OutputsAsync(run.InstanceId, "job")).GetProperty("Reason").GetString(), StringComparison.Ordinal);
    }

    [RealClusterFact]
    public async Task Cancelling_the_flow_deletes_the_job()
    {
        var host = await StartHostAsync();
        var run = await host.StartAsync("real-cancel", Job("sleep 600"));
        await host.Runtime.CancelAsync(run.InstanceId);

        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(RealCluster.KubeConfig));
        var left = await client.BatchV1.ListNamespacedJobAsync(RealCluster.Namespace, fieldSelector: $"metadata.name={JobNameOf(run)}");
        Assert.All(left.Items, j => Assert.NotNull(j.Metadata.DeletionTimestamp));
    }

    private async Task<KubernetesTestHost> StartHostAsync()
    {
        // The real clock: Kubernetes' times and the runtime's must agree.
        var host = await KubernetesTestHost.CreateAsync(new IntellyHub.Runtime.Sqlite.SqliteRuntimeDatabase($"Data Source={Database}"), RealCluster.KubeConfig!, TimeProvider.System, o =>
        {
            o.DefaultNamespace = RealCluster.Namespace;
            o.Namespaces = [RealCluster.Namespace];
        });
        _hosts.Add(host);
        await host.StartWatcherAsync();
        return host;
    }

    private static async Task EndAsync(KubernetesTestHost host, string instanceId)
    {
        var run = await host.DescribeAsync(instanceId);
        await host.NextDeliveryAsync(JobNameOf(run), JobTime);
        await host.DrainQueueAsync();
        Assert.Equal(WorkflowSubStatus.Finished, (await host.DescribeAsync(instanceId)).SubStatus);
    }

    private static string JobNameOf(IntellyHub.Runtime.Instances.WorkflowRunResult run) =>
        Assert.Single(run.Bookmarks, b => b.Name == KubernetesJobStimulus.Name).GetPayload<KubernetesJobStimulus>()!.JobName;

    private static string Job(string script, params (string Name, string TypeName, string Value)[] more) =>
        JobActivityJson.Shell(script, [("TtlAfterFinished", "TimeSpan", "00:10:00"), .. more]);
}
