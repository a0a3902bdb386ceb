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
