using System.Net;
using IntellyHub.Runtime.Tests.Testing;
using IntellyHub.Server.Persistence;
using IntellyHub.Server.Tests.Testing;

namespace IntellyHub.Server.Tests;

/// <summary>The server on PostgreSQL: readiness, and the migrate command on a fresh database.</summary>
public sealed class PostgreSqlTests
{
    [Fact]
    public async Task Ready_MigratedDatabase_200()
    {
        await using var database = await TestDatabase.CreateAsync(Provider.PostgreSql);
        using var server = ServerFactory.PostgreSql(database.ConnectionString);

        var response = await server.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var check = (await HostTests.ReadJsonAsync(response)).GetProperty("checks").GetProperty("database");
        Assert.StartsWith("PostgreSQL", check.GetProperty("description").GetString());
    }

    [Fact]
    public async Task MigrateCommand_FreshDatabase_AppliesMigrationsThenReady()
    {
        await using var database = await EmptyPostgreSqlDatabase.CreateAsync();
        // PostgreSQL is not migrated at start by default; nothing runs against the empty schema meanwhile.
        using var server = ServerFactory.PostgreSql(database.ConnectionString, ("IntellyHub:Runtime:RunBackgroundServices", "false"));
        var client = server.CreateClient();

        var before = await client.GetAsync("/health/ready");
        var exitCode = await MigrateCommand.RunAsync(server.Services);
        var after = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        Assert.Contains("pending", (await HostTests.ReadJsonAsync(before)).GetProperty("checks").GetProperty("database").GetProperty("description").GetString());
        Assert.Equal(0, exitCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task MigrateOnStart_FreshDatabase_ReadyAfterStart()
    {
        await using var database = await EmptyPostgreSqlDatabase.CreateAsync();
        using var server = ServerFactory.PostgreSql(database.ConnectionString, ("IntellyHub:Runtime:MigrateOnStart", "true"));

        var response = await server.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
