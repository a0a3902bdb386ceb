using IntellyHub.Runtime.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IntellyHub.Platform.Persistence;

/// <summary>Applies the platform's migrations (at start when configured, or through the host's migrate command).</summary>
public sealed class PlatformMigrator(PlatformDatabase database)
{
    /// <summary>
    /// Brings the platform's tables up to date. When no migration is pending (every start but the first) it only reads
    /// the history table: migrating takes the migrations lock, and on SQLite that is a write.
    /// </summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateDbContext();
        if (!(await MigrationHistory.GetPendingMigrationsAsync(db, cancellationToken)).Any()) return;
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>Migrations not yet applied.</summary>
    public async Task<IReadOnlyList<string>> GetPendingMigrationsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateDbContext();
        return await MigrationHistory.GetPendingMigrationsAsync(db, cancellationToken);
    }
}
