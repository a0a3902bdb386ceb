using System.Text.Json;
using System.Threading.Channels;
using IntellyHub.Activities.Kubernetes.Jobs;
using IntellyHub.Activities.Kubernetes.Tests.FakeKubernetes;
using IntellyHub.Extensions;
using IntellyHub.Runtime.Definitions;
using IntellyHub.Runtime.Dispatch;
using IntellyHub.Runtime.Instances;
using IntellyHub.Runtime.Journal;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Runtime.Scheduling;
using IntellyHub.Workflows.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IntellyHub.Activities.Kubernetes.Tests.Testing;

/// <summary>
/// One IntellyHub process as the server composes it (engine + durable runtime on SQLite or PostgreSQL + the Kubernetes pack),
/// its client configured by a kubeconfig file that points at the fake API server. Background queue workers are off: a
/// test drains the queue where the server's workers would. Two hosts on the same database file are a restarted server.
/// </summary>
public sealed class KubernetesTestHost : IAsyncDisposable
{
    private readonly Channel<(KubernetesJobResult Result, int Queued)> _deliveries = Channel.CreateUnbounded<(KubernetesJobResult, int)>();
    private bool _watching;

    private KubernetesTestHost(ServiceProvider services, TimeProvider clock)
    {
        Services = services;
        Time = clock;
        Watcher.Delivered += (result, queued) => _deliveries.Writer.TryWrite((result, queued));
    }

    public ServiceProvider Services { get; }
    public TimeProvider Time { get; }

    /// <summary>The fake clock of a host created with one (the fake API's scenarios).</summary>
    public FakeTimeProvider Clock => (FakeTimeProvider)Time;
    public WorkflowRuntime Runtime => Services.GetRequiredService<WorkflowRuntime>();
    public KubernetesJobWatcher Watcher => Services.GetRequiredService<KubernetesJobWatcher>();

    /// <summary>A host on <paramref name="database"/> (migrated on first use) talking to <paramref name="api"/>.</summary>
    public static Task<KubernetesTestHost> CreateAsync(IRuntimeDatabase database, FakeKubernetesApi api, FakeTimeProvider? clock = null, Action<KubernetesOptions>? configure = null) =>
        CreateAsync(database, api.KubeConfigPath, clock, o =>
        {
            o.Namespaces = ["default", "team-a"];
            configure?.Invoke(o);
        });

    /// <summary>A host on <paramref name="database"/> (migrated on first use) talking to the cluster of a kubeconfig file.</summary>
    public static async Task<KubernetesTestHost> CreateAsync(IRuntimeDatabase database, string kubeConfigPath, TimeProvider? clock = null, Action<KubernetesOptions>? configure = null)
    {
        clock ??= new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddIntellyHub(hub => hub
            .UseRuntime(runtime =>
            {
                runtime.UseDatabase(database);
                runtime.Configure(o =>
                {
                    o.RunBackgroundServices = false;
                    o.MigrateOnStart = false;
                    o.LeaseWaitTimeout = TimeSpan.Zero;
                });
            })
            .UseKubernetes(o =>
            {
                o.Enabled = true;
                o.Connection = KubernetesConnectionMode.KubeConfig;
                o.KubeConfigPath = kubeConfigPath;
                configure?.Invoke(o);
            }));
        var provider = services.BuildServiceProvider();
        await using (var db = await provider.GetRequiredService<IDbContextFactory<IntellyHubDbContext>>().CreateDbContextAsync())
            await db.Database.MigrateAsync();
        return new KubernetesTestHost(provider, clock);
    }

    /// <summary>Starts the watcher and waits until it listed and reconciled every namespace.</summary>
    public async Task StartWatcherAsync()
    {
        await Watcher.StartAsync(CancellationToken.None);
        _watching = true;
        await Watcher.Reconciled.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Publishes a flowchart holding <paramref name="activity"/> (an Elsa activity JSON object) and starts it.</summary>
    public async Task<WorkflowRunResult> StartAsync(string definitionId, string activity)
    {
        var json = $$"""
        {
          "definitionId": "{{definitionId}}", "name": "{{definitionId}}",
          "root": { "type": "Elsa.Flowchart", "version": 1, "id": "flowchart1", "activities": [ {{activity}} ], "connections": [] }
        }
        """;
        var serializer = Services.GetRequiredService<WorkflowDefinitionSerializer>();
        await Services.GetRequiredService<WorkflowDefinitionService>().SaveAsync(serializer.Parse(json), true);
        return await Runtime.ExecuteAsync(new StartWorkflowRequest { DefinitionId = definitionId });
    }

    /// <summary>The next delivery the watcher made for <paramref name="jobName"/> that resumed something.</summary>
    public async Task<KubernetesJobResult> NextDeliveryAsync(string jobName, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(30));
        await foreach (var (result, queued) in _deliveries.Reader.ReadAllAsync(timeout.Token))
            if (result.JobName == jobName && queued > 0) return result;
        throw new InvalidOperationException("The watcher stopped.");
    }

    /// <summary>The next delivery the watcher made for <paramref name="jobName"/>, and how many bookmarks it resumed.</summary>
    public async Task<int> NextAttemptAsync(string jobName)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var (result, queued) in _deliveries.Reader.ReadAllAsync(timeout.Token))
            if (result.JobName == jobName) return queued;
        throw new InvalidOperationException("The watcher stopped.");
    }

    /// <summary>Runs queued work (the resumes the watcher queued) until the queue is empty.</summary>
    public async Task DrainQueueAsync()
    {
        var worker = Services.GetRequiredService<DispatchWorker>();
        for (var i = 0; i < 100 && await worker.ProcessBatchAsync(CancellationToken.None) > 0; i++) { }
    }

    /// <summary>Queues the resume of due timed bookmarks (what the runtime's timer does) and runs them.</summary>
    public async Task RunDueTimersAsync()
    {
        await Services.GetRequiredService<TimerScheduler>().ResumeDueBookmarksAsync(CancellationToken.None);
        await DrainQueueAsync();
    }

    public async Task<WorkflowRunResult> DescribeAsync(string instanceId) =>
        await Runtime.DescribeAsync(instanceId) ?? throw new InvalidOperationException($"No instance {instanceId}.");

    /// <summary>The journal rows of activity <paramref name="activityId"/>.</summary>
    public async Task<List<ActivityExecutionRow>> JournalAsync(string instanceId, string activityId)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<IntellyHubDbContext>>().CreateDbContextAsync();
        return await db.ActivityExecutions.Where(r => r.WorkflowInstanceId == instanceId && r.ActivityId == activityId).OrderBy(r => r.Sequence).ToListAsync();
    }

    /// <summary>The outputs recorded for the activity's last execution.</summary>
    public async Task<JsonElement> OutputsAsync(string instanceId, string activityId)
    {
        var row = (await JournalAsync(instanceId, activityId)).Last();
        return JsonDocument.Parse(row.Outputs ?? "{}").RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        if (_watching) await Watcher.StopAsync(CancellationToken.None);
        await Services.DisposeAsync();
    }
}
