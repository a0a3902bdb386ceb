using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IntellyHub.Runtime.Persistence;

/// <summary>Applies the provider's migrations: at start when configured (SQLite by default), or on demand (the migrate command).</summary>
public sealed class RuntimeMigrator(IDbContextFactory<IntellyHubDbContext> dbFactory, IRuntimeDatabase database, IOptions<RuntimeOptions> options) : IHostedService
{
    /// <summary>Brings the database schema up to date.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>Migrations not yet applied.</summary>
    public async Task<IReadOnlyList<string>> GetPendingMigrationsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.MigrateOnStart ?? database.MigratesOnStartByDefault ? MigrateAsync(cancellationToken) : Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
