using IntellyHub.Activities.Kubernetes.Tests.FakeKubernetes;
using IntellyHub.Runtime.Tests.Testing;
using Microsoft.Extensions.Time.Testing;

namespace IntellyHub.Activities.Kubernetes.Tests.Testing;

/// <summary>A fake API server and a fresh database (SQLite or PostgreSQL) for one test; disposed with it.</summary>
public sealed class Scenario : IAsyncDisposable
{
    private readonly List<KubernetesTestHost> _hosts = [];

    private Scenario(FakeKubernetesApi api, TestDatabase database)
    {
        Api = api;
        Database = database;
        api.Clock = Clock;
    }

    /// <summary>The one clock of the cluster and of every server of the scenario.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));

    public FakeKubernetesApi Api { get; }
    public TestDatabase Database { get; }

    public static async Task<Scenario> StartAsync(Provider provider = Provider.Sqlite)
    {
        var api = new FakeKubernetesApi();
        await api.StartAsync();
        return new Scenario(api, await TestDatabase.CreateAsync(provider));
    }

    /// <summary>A server process on this scenario's database (a second one after the first was stopped is a restart).</summary>
    public async Task<KubernetesTestHost> StartHostAsync(bool watch = true)
    {
        var host = await KubernetesTestHost.CreateAsync(Database.CreateRuntimeDatabase(), Api, Clock);
        _hosts.Add(host);
        if (watch) await host.StartWatcherAsync();
        return host;
    }

    /// <summary>Stops a server (its watcher and services), as a shutdown or a crash between two commits does.</summary>
    public async Task StopHostAsync(KubernetesTestHost host)
    {
        _hosts.Remove(host);
        await host.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts) await host.DisposeAsync();
        await Api.DisposeAsync();
        await Database.DisposeAsync();
    }
}
