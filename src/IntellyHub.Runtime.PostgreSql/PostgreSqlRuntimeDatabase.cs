using IntellyHub.Runtime.Dispatch;
using IntellyHub.Runtime.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IntellyHub.Runtime.PostgreSql;

/// <summary>
/// PostgreSQL: shared by every replica; queue items are claimed with <c>FOR UPDATE SKIP LOCKED</c> so
/// workers never wait on each other; migrations run through the migrate command (or at start when enabled).
/// </summary>
public sealed class PostgreSqlRuntimeDatabase(string connectionString) : IRuntimeDatabase
{
    private const string ClaimSql = """
        UPDATE dispatch_queue SET "ClaimedBy" = @owner, "VisibleAt" = @until, "Attempts" = "Attempts" + 1
        WHERE "Id" IN (
            SELECT "Id" FROM dispatch_queue WHERE "VisibleAt" <= @now ORDER BY "Id" LIMIT @max FOR UPDATE SKIP LOCKED)
        RETURNING *
        """;

    public string Name => "PostgreSQL";
    public bool SupportsConcurrentWriters => true;
    public bool MigratesOnStartByDefault => false;
    public string ConnectionString { get; } = connectionString;

    public void Configure(DbContextOptionsBuilder builder) =>
        builder.UseNpgsql(ConnectionString, o => o.MigrationsAssembly(typeof(PostgreSqlRuntimeDatabase).Assembly.GetName().Name));

    public Task<List<DispatchItem>> ClaimAsync(IntellyHubDbContext db, string owner, DateTimeOffset now, DateTimeOffset claimUntil, int max, CancellationToken cancellationToken) =>
        db.DispatchQueue.FromSqlRaw(ClaimSql,
                new NpgsqlParameter("owner", owner),
                new NpgsqlParameter("until", claimUntil.ToUniversalTime()),
                new NpgsqlParameter("now", now.ToUniversalTime()),
                new NpgsqlParameter("max", max))
            .AsNoTracking().ToListAsync(cancellationToken);
}
