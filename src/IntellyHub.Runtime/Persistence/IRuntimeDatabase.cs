using IntellyHub.Runtime.Dispatch;
using IntellyHub.Runtime.Scheduling;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace IntellyHub.Runtime.Persistence;

/// <summary>What differs between the database providers (configured by UseSqlite / UsePostgreSql).</summary>
public interface IRuntimeDatabase
{
    /// <summary>Provider name for logs and health checks.</summary>
    string Name { get; }

    /// <summary>False for SQLite: one writer at a time, so one dispatch worker.</summary>
    bool SupportsConcurrentWriters { get; }

    /// <summary>True when migrations are applied at start by default (SQLite).</summary>
    bool MigratesOnStartByDefault { get; }

    /// <summary>Points the context at the database and at this provider's migrations.</summary>
    void Configure(DbContextOptionsBuilder builder);

    /// <summary>
    /// Claims up to <paramref name="max"/> visible queue items for <paramref name="owner"/> until
    /// <paramref name="claimUntil"/>, atomically, skipping items other workers hold.
    /// </summary>
    Task<List<DispatchItem>> ClaimAsync(IntellyHubDbContext db, string owner, DateTimeOffset now, DateTimeOffset claimUntil, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Writes new instances with the rows of their first run, all in one transaction, by a faster path than
    /// EF change tracking. Returns false when the provider has no such path (EF is used then).
    /// </summary>
    Task<bool> InsertNewInstancesAsync(IReadOnlyList<Instances.NewInstanceRows> batch, CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>
    /// Where the timer scheduler (Quartz.NET) keeps its jobs. By default in memory: one process, rebuilt from the
    /// triggers and bookmarks tables at start (SQLite).
    /// </summary>
    void ConfigureScheduler(IQuartzBuilder quartz, SchedulerOptions options) =>
        quartz.UseInMemoryStore(store => store.MisfireThreshold = options.MisfireThreshold);
}
