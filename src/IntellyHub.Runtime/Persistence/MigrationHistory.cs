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
        var name = relational.MigrationsHistoryTableName ?? HistoryRepository.DefaultTableName;
        var schema = relational.MigrationsHistoryTableSchema;
        var applied = new HashSet<string>(StringComparer.Ordinal);

        // Opening fails as before when the database cannot be reached.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            if (ExistsQuery(db.Database.ProviderName) is { } exists)
            {
                // A new database has no history table: asked first rather than failing the read (an exception costs
                // more than the query on a first start).
                await using var check = connection.CreateCommand();
                check.CommandText = exists;
                AddParameter(check, "name", name);
                AddParameter(check, "schema", schema);
                if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0) return applied;
            }

            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {sql.DelimitIdentifier("MigrationId")} FROM {sql.DelimitIdentifier(name, schema)}";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) applied.Add(reader.GetString(0));
        }
        catch (DbException)
        {
            // No history table (a provider without an existence query above): a new database, every migration pending.
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return applied;
    }

    /// <summary>How many tables are named <c>@name</c> (in <c>@schema</c>, or the default one), for the two providers IntellyHub ships.</summary>
    private static string? ExistsQuery(string? provider) => provider switch
    {
        "Microsoft.EntityFrameworkCore.Sqlite" => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @name AND @schema IS NULL",
        "Npgsql.EntityFrameworkCore.PostgreSQL" => "SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE tablename = @name AND schemaname = COALESCE(@schema, current_schema())",
        _ => null,
    };

    private static void AddParameter(DbCommand command, string name, string? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = (object?)value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
