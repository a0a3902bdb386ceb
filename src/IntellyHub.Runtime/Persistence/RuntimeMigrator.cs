using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IntellyHub.Runtime.Persistence;

/// <summary>Applies the provider's migrations: at start when configured (SQLite by default), or on demand (the migrate command).</summary>
public sealed class RuntimeMigrator(IDbContextFactory<IntellyHubDbContext> dbFactory, IRuntimeDatabase database, IOptions<RuntimeOptions> options) : IHostedLifecycleService
{
    /// <summary>Brings the database schema up to date.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Reading the history is much cheaper than Migrate, which also takes the migration lock; replicas starting
        // together still serialise on that lock when something is pending (Migrate checks again under it).
        if (!(await MigrationHistory.GetPendingMigrationsAsync(db, cancellationToken)).Any()) return;
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>Migrations not yet applied.</summary>
    public async Task<IReadOnlyList<string>> GetPendingMigrationsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await MigrationHistory.GetPendingMigrationsAsync(db, cancellationToken);
    }

    /// <summary>
    /// Migrates when configured, in the hosts' Starting phase: before any hosted service starts (they may use the
    /// runtime's tables), even when the host starts its services concurrently.
    /// </summary>
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStart ?? database.MigratesOnStartByDefault) await MigrateAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
