using System.Data.Common;
using IntellyHub.Runtime.Dispatch;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Runtime.Scheduling;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Quartz;

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

    /// <summary>
    /// The connection string the runtime connects with: <see cref="ConnectionString"/> with runtime defaults for
    /// settings it does not give. The runtime issues the same few statements over and over, so Npgsql prepares
    /// them automatically (<c>Max Auto Prepare</c>: parsed and planned once per connection instead of on every
    /// execution); and it never changes session state, so a connection returned to the pool need not be reset
    /// (<c>No Reset On Close</c>: no reset statement on the next use).
    /// </summary>
    public string EffectiveConnectionString { get; } = WithDefaults(connectionString);

    private readonly Lazy<PostgreSqlNewInstanceWriter> _writer = new(() => new PostgreSqlNewInstanceWriter(NpgsqlDataSource.Create(WithDefaults(connectionString))));

    /// <inheritdoc />
    public async Task<bool> InsertNewInstancesAsync(IReadOnlyList<Instances.NewInstanceRows> batch, CancellationToken cancellationToken)
    {
        await _writer.Value.WriteAsync(batch, cancellationToken);
        return true;
    }

    public void Configure(DbContextOptionsBuilder builder)
    {
        builder.UseNpgsql(EffectiveConnectionString, o => o.MigrationsAssembly(typeof(PostgreSqlRuntimeDatabase).Assembly.GetName().Name));
#if !NO_COMPILED_MODEL
        builder.UseCompiledModel(CompiledModel.IntellyHubDbContextModel.Instance);
#endif
    }

    /// <summary>
    /// Quartz's ADO job store on this database (its tables come with the runtime's migrations), clustered: every
    /// replica on the database shares the schedule, and each firing runs on one of them.
    /// </summary>
    public void ConfigureScheduler(IQuartzBuilder quartz, SchedulerOptions options) =>
        quartz.UsePersistentStore(store =>
        {
            store.UsePostgres(NpgsqlFactory.Instance, ConnectionString);
            store.ConfigureStore(o =>
            {
                o.TablePrefix = "qrtz_";
                o.MisfireThreshold = options.MisfireThreshold;
                o.StoreJobDataAsStrings = true;
            });
            store.UseClustering(c =>
            {
                c.CheckinInterval = options.ClusterCheckinInterval;
                c.CheckinMisfireThreshold = options.ClusterCheckinMisfireThreshold;
            });
        });

    private static string WithDefaults(string connectionString)
    {
        // Keywords are compared without spaces or case, so "MaxAutoPrepare" and "Max Auto Prepare" are the same.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToHashSet();
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains("MAXAUTOPREPARE")) builder.MaxAutoPrepare = 64;
        if (!given.Contains("NORESETONCLOSE")) builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    public Task<List<DispatchItem>> ClaimAsync(IntellyHubDbContext db, string owner, DateTimeOffset now, DateTimeOffset claimUntil, int max, CancellationToken cancellationToken) =>
        db.DispatchQueue.FromSqlRaw(ClaimSql,
                new NpgsqlParameter("owner", owner),
                new NpgsqlParameter("until", claimUntil.ToUniversalTime()),
                new NpgsqlParameter("now", now.ToUniversalTime()),
                new NpgsqlParameter("max", max))
            .AsNoTracking().ToListAsync(cancellationToken);
}
