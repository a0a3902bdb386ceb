using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace IntellyHub.Runtime.Persistence;

/// <summary>
/// A context's migrations not yet applied, read with one query on its history table. EF's own
/// <c>GetPendingMigrationsAsync</c> gives the same answer but first builds a model of the history table, for every
/// context it is asked of: about a tenth of a second of each start (the runtime's and the platform's tables are checked
/// side by side) and of every readiness probe.
/// </summary>
public static class MigrationHistory
{
    /// <summary>The migrations of <paramref name="db"/>'s assembly missing from its history table (all of them when there is none).</summary>
    public static async Task<IReadOnlyList<string>> GetPendingMigrationsAsync(DbContext db, CancellationToken cancellationToken = default)
    {
        var applied = await ReadAppliedAsync(db, cancellationToken);
        return [.. db.Database.GetMigrations().Where(id => !applied.Contains(id))];
    }

    private static async Task<HashSet<string>> ReadAppliedAsync(DbContext db, CancellationToken cancellationToken)
    {
        var relational = db.GetService<IDbContextOptions>().Extensions.OfType<RelationalOptionsExtension>().Single();
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = sql.DelimitIdentifier(relational.MigrationsHistoryTableName ?? HistoryRepository.DefaultTableName, relational.MigrationsHistoryTableSchema);
        var applied = new HashSet<string>(StringComparer.Ordinal);

        // Opening fails as before when the database cannot be reached; only the query's failure means "no history yet".
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"SELECT {sql.DelimitIdentifier("MigrationId")} FROM {table}";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) applied.Add(reader.GetString(0));
        }
        catch (DbException)
        {
            // No history table: a new database, every migration pending.
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return applied;
    }
}
