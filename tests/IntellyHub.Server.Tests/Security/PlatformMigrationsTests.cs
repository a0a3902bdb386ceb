using System.Net;
using IntellyHub.Platform.Persistence;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Runtime.Tests.Testing;
using IntellyHub.Server.Persistence;
using IntellyHub.Server.Tests.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Events;

namespace IntellyHub.Server.Tests.Security;

/// <summary>The platform's migrations cover its model on both providers and apply to an empty database beside the runtime's.</summary>
public sealed class PlatformMigrationsTests
{
    private const string AddMigration = "run src/IntellyHub.Platform/add-migration.sh <Name>";

    [Fact]
    public async Task Sqlite_MigrationsCoverTheModel_AndApplyToAFreshFile()
    {
        using var folder = new TempFolder();
        await using var db = new SqlitePlatformDbContext(SqlitePlatformDbContext.CreateOptions($"Data Source={Path.Combine(folder.Path, "platform.db")}"));

        Assert.False(db.Database.HasPendingModelChanges(), $"The SQLite platform model has changes without a migration: {AddMigration}.");
        var all = db.Database.GetMigrations().ToList();
        Assert.Equal(all, await MigrationHistory.GetPendingMigrationsAsync(db));   // no history table yet
        await db.Database.MigrateAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Empty(await MigrationHistory.GetPendingMigrationsAsync(db));       // its own history table
        Assert.Equal(0, await db.Users.CountAsync());
    }

    [Fact]
    public async Task PostgreSql_MigrationsCoverTheModel_AndApplyBesideTheRuntime()
    {
        // A runtime-migrated database (as the test template is): the platform keeps its own history table.
        await using var database = await TestDatabase.CreateAsync(Provider.PostgreSql);
        await using var db = new PostgreSqlPlatformDbContext(PostgreSqlPlatformDbContext.CreateOptions(database.ConnectionString));

        Assert.False(db.Database.HasPendingModelChanges(), $"The PostgreSQL platform model has changes without a migration: {AddMigration}.");
        await db.Database.MigrateAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.Users.CountAsync());
        await using var runtime = database.CreateContext();
        Assert.Empty(await runtime.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task PostgreSql_NotMigratedAtStart_MigrateCommandAddsThePlatformTablesAndTheFirstAdmin()
    {
        await using var database = await EmptyPostgreSqlDatabase.CreateAsync();
        using var factory = ServerFactory.PostgreSql(database.ConnectionString,
            ("IntellyHub:Platform:MigrateOnStart", "false"), ("IntellyHub:Runtime:RunBackgroundServices", "false"), ("IntellyHub:Bootstrap:AdminPassword", ""));
        var capture = new LogCapture();
        var server = capture.Attach(factory);
        var client = server.CreateClient();

        using var health = await client.GetAsync("/health");
        var pendingBefore = await server.Services.GetRequiredService<PlatformMigrator>().GetPendingMigrationsAsync();
        var exitCode = await MigrateCommand.RunAsync(server.Services);
        using var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode); // no token, no database call
        Assert.NotEmpty(pendingBefore);
        Assert.Contains(capture.Events, e => e.RenderMessage().StartsWith("The platform tables have", StringComparison.Ordinal));
        Assert.Equal(0, exitCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var created = Assert.Single(capture.Events, e => e.Properties.ContainsKey("Password"));
        Assert.Equal(LogEventLevel.Warning, created.Level);
        await AuthApi.LoginAsync(client, AuthenticatedClients.AdminEmail, (string)((ScalarValue)created.Properties["Password"]).Value!);
    }
}
