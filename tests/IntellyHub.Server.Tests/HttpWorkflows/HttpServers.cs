using IntellyHub.Runtime.Tests.Testing;
using IntellyHub.Server.Tests.Testing;

namespace IntellyHub.Server.Tests.HttpWorkflows;

/// <summary>The server on a fresh PostgreSQL database, served by Kestrel on a free loopback port: clients go over a real socket.</summary>
public sealed class PostgreSqlKestrelApiServer : ApiServer
{
    private TestDatabase? _database;

    protected override async Task<ServerFactory> CreateFactoryAsync()
    {
        _database = await TestDatabase.CreateAsync(Provider.PostgreSql);
        var factory = ServerFactory.PostgreSql(_database.ConnectionString);
        factory.UseKestrel(0);
        factory.StartServer();
        return factory;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}

/// <summary>The server on a fresh SQLite file with <c>IntellyHub:Http:Persistence</c> off.</summary>
public sealed class SqliteInMemoryHttpApiServer : ApiServer
{
    private readonly TempFolder _folder = new();

    protected override Task<ServerFactory> CreateFactoryAsync() => Task.FromResult(ServerFactory.Sqlite(_folder.Path, ("IntellyHub:Http:Persistence", "Off")));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }
}
