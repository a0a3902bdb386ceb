using System.Data.Common;
using IntellyHub.Runtime.Dispatch;
using IntellyHub.Runtime.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace IntellyHub.Runtime.Sqlite;

/// <summary>
/// SQLite: a single file, WAL mode, one writer at a time (one dispatch worker), migrations applied at start.
/// </summary>
public sealed class SqliteRuntimeDatabase(string connectionString) : IRuntimeDatabase
{
    private const string ClaimSql = """
        UPDATE dispatch_queue SET ClaimedBy = @owner, VisibleAt = @until, Attempts = Attempts + 1
        WHERE Id IN (SELECT Id FROM dispatch_queue WHERE VisibleAt <= @now ORDER BY Id LIMIT @max)
        RETURNING *
        """;

    public string Name => "SQLite";
    public bool SupportsConcurrentWriters => false;
    public bool MigratesOnStartByDefault => true;
    public string ConnectionString { get; } = connectionString;

    private readonly SqliteNewInstanceWriter _writer = new(connectionString);

    /// <inheritdoc />
    public Task<bool> InsertNewInstancesAsync(IReadOnlyList<Instances.NewInstanceRows> batch, CancellationToken cancellationToken)
    {
        // Microsoft.Data.Sqlite is synchronous underneath; the caller is the start batcher's background writer.
        _writer.Write(batch);
        return Task.FromResult(true);
    }

    public void Configure(DbContextOptionsBuilder builder)
    {
        builder.UseSqlite(ConnectionString, o => o.MigrationsAssembly(typeof(SqliteRuntimeDatabase).Assembly.GetName().Name))
            .AddInterceptors(PragmaInterceptor.Instance);
#if !NO_COMPILED_MODEL
        builder.UseCompiledModel(CompiledModel.IntellyHubDbContextModel.Instance);
#endif
    }

    public Task<List<DispatchItem>> ClaimAsync(IntellyHubDbContext db, string owner, DateTimeOffset now, DateTimeOffset claimUntil, int max, CancellationToken cancellationToken) =>
        db.DispatchQueue.FromSqlRaw(ClaimSql,
                new SqliteParameter("@owner", owner),
                new SqliteParameter("@until", claimUntil.UtcTicks),
                new SqliteParameter("@now", now.UtcTicks),
                new SqliteParameter("@max", max))
            .AsNoTracking().ToListAsync(cancellationToken);

    /// <summary>Applies <see cref="SqliteConnectionSettings"/> to every connection EF opens.</summary>
    private sealed class PragmaInterceptor : DbConnectionInterceptor
    {
        public static readonly PragmaInterceptor Instance = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection) => SqliteConnectionSettings.Apply(connection);
    }
}

/// <summary>The settings every runtime connection to the file uses (EF's and the new-instance writer's).</summary>
internal static class SqliteConnectionSettings
{
    /// <summary>
    /// WAL journal (readers do not block the writer), normal sync, waiting instead of failing on a busy database, and a
    /// checkpoint every 100 WAL pages instead of SQLite's 1,000. The committing connection runs the checkpoint (it copies
    /// the WAL's pages into the database file and syncs it), and every start waiting behind that commit waits for it
    /// too: under load, 1,000-page checkpoints put the HTTP harness's p99 at 25–29 ms and 4,000-page ones at 63–65 ms,
    /// 100-page ones at 14–18 ms, for about a fifth less maximum throughput (see README, "Benchmarks").
    /// </summary>
    public static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA wal_autocheckpoint=100;";
        command.ExecuteNonQuery();
    }
}
