using IntellyHub.Runtime.Tests.Testing;
using IntellyHub.Server.Tests.Testing;

namespace IntellyHub.Server.Tests.Security;

/// <summary>A server (with the bootstrap admin) on a fresh SQLite file or a fresh PostgreSQL database; both go at dispose.</summary>
public sealed class ProviderServer : IAsyncDisposable
{
    private readonly TempFolder? _folder;
    private readonly TestDatabase? _database;

    private readonly List<ServerFactory> _restarts = [];

    private ProviderServer(Provider provider, ServerFactory factory, TempFolder? folder, TestDatabase? database)
    {
        Provider = provider;
        Factory = factory;
        _folder = folder;
        _database = database;
    }

    public Provider Provider { get; }
    public ServerFactory Factory { get; }

    public static async Task<ProviderServer> StartAsync(Provider provider, params (string Key, string? Value)[] settings)
    {
        if (provider == Provider.Sqlite)
        {
            var folder = new TempFolder();
            return new ProviderServer(provider, ServerFactory.Sqlite(folder.Path, settings), folder, null);
        }

        var database = await TestDatabase.CreateAsync(Provider.PostgreSql);
        return new ProviderServer(provider, ServerFactory.PostgreSql(database.ConnectionString, settings), null, database);
    }

    /// <summary>Another server on the same database (a restart, or a second replica).</summary>
    public ServerFactory StartAnother(params (string Key, string? Value)[] settings)
    {
        var factory = _folder is not null ? ServerFactory.Sqlite(_folder.Path, settings) : ServerFactory.PostgreSql(_database!.ConnectionString, settings);
        _restarts.Add(factory);
        return factory;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var restart in _restarts) await restart.DisposeAsync();
        await Factory.DisposeAsync();
        _folder?.Dispose();
        if (_database is not null) await _database.DisposeAsync();
    }
}
