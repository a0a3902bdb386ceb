using IntellyHub.Activities.Kubernetes.Tests.FakeKubernetes;

namespace IntellyHub.Activities.Kubernetes.Tests.Testing;

/// <summary>A fake API server and a fresh database file for one test; disposed with it.</summary>
public sealed class Scenario : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ih-k8s-tests", Guid.NewGuid().ToString("N"));
    private readonly List<KubernetesTestHost> _hosts = [];

    private Scenario(FakeKubernetesApi api)
    {
        Api = api;
        Directory.CreateDirectory(_folder);
    }

    public FakeKubernetesApi Api { get; }
    public string DatabaseFile => Path.Combine(_folder, "intellyhub.db");

    public static async Task<Scenario> StartAsync()
    {
        var api = new FakeKubernetesApi();
        await api.StartAsync();
        return new Scenario(api);
    }

    /// <summary>A server process on this scenario's database (a second one after the first was stopped is a restart).</summary>
    public async Task<KubernetesTestHost> StartHostAsync(bool watch = true, Microsoft.Extensions.Time.Testing.FakeTimeProvider? clock = null)
    {
        var host = await KubernetesTestHost.CreateAsync(DatabaseFile, Api, clock);
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
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
