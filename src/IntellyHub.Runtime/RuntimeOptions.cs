using System.ComponentModel.DataAnnotations;

namespace IntellyHub.Runtime;

/// <summary>Durable runtime settings (bound from <c>IntellyHub:Runtime</c> in the server).</summary>
public sealed class RuntimeOptions
{
    /// <summary>Identifies this process in leases and queue claims.</summary>
    [Required]
    public string NodeId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>How long a process owns an instance (or a queue item) without renewing; a dead owner's work is taken over after it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a resume waits for an instance another process is running before it is queued instead.</summary>
    public TimeSpan LeaseWaitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Dispatch workers in this process (SQLite always uses one).</summary>
    [Range(0, 64)]
    public int DispatchWorkers { get; set; } = 2;

    /// <summary>Queue items a worker claims at once.</summary>
    [Range(1, 1000)]
    public int DispatchBatchSize { get; set; } = 16;

    /// <summary>How often workers look at the queue when nothing woke them (work from other replicas, expired claims).</summary>
    public TimeSpan DispatchSweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a lookup of a definition by id and version options (each start by definition id) is reused
    /// without asking the database. Changes made in this process take effect at once; changes made by another
    /// replica within this time. Zero turns the cache off.
    /// </summary>
    public TimeSpan DefinitionLookupCacheDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Record the activity journal.</summary>
    public bool Journal { get; set; } = true;

    /// <summary>Also journal the workflow itself and its root container (off: they span the run and Studio hides them).</summary>
    public bool JournalRootContainers { get; set; }

    /// <summary>Apply migrations at start (default: SQLite yes, PostgreSQL no — run the migrate command).</summary>
    public bool? MigrateOnStart { get; set; }

    /// <summary>Finished instances older than this are deleted with their journal; null keeps them.</summary>
    public TimeSpan? Retention { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);

    [Range(1, 100_000)]
    public int RetentionBatchSize { get; set; } = 500;

    /// <summary>Start the background services (dispatch workers, timers, retention). Off for tools that only migrate.</summary>
    public bool RunBackgroundServices { get; set; } = true;
}
