using IntellyHub.Runtime.Definitions;
using IntellyHub.Runtime.Dispatch;
using IntellyHub.Runtime.Instances;
using IntellyHub.Runtime.Journal;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace IntellyHub.Runtime.Persistence;

/// <summary>
/// The runtime's database: definitions, instances, bookmarks, triggers, the journal, the dispatch queue
/// and idempotency keys. One model for SQLite and PostgreSQL; each provider has its own migrations.
/// </summary>
public sealed class IntellyHubDbContext : DbContext
{
    public IntellyHubDbContext(DbContextOptions<IntellyHubDbContext> options)
        : base(options)
    {
        // The runtime never continues a transaction after a failed SaveChanges (it rolls back and reports),
        // so the savepoint EF would create before every SaveChanges in an explicit transaction is a wasted
        // round trip per commit. Pooled contexts keep this setting (it is part of their configuration snapshot).
        Database.AutoSavepointsEnabled = false;
    }

    public DbSet<WorkflowDefinitionRecord> WorkflowDefinitions => Set<WorkflowDefinitionRecord>();
    public DbSet<TriggerRecord> Triggers => Set<TriggerRecord>();
    public DbSet<WorkflowInstanceRecord> WorkflowInstances => Set<WorkflowInstanceRecord>();
    public DbSet<BookmarkRecord> Bookmarks => Set<BookmarkRecord>();
    public DbSet<ActivityExecutionRow> ActivityExecutions => Set<ActivityExecutionRow>();
    public DbSet<WorkflowLogRow> WorkflowLogs => Set<WorkflowLogRow>();
    public DbSet<DispatchItem> DispatchQueue => Set<DispatchItem>();
    public DbSet<IdempotencyKeyRecord> IdempotencyKeys => Set<IdempotencyKeyRecord>();

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset values: store them as UTC ticks there.
        if (Database.ProviderName?.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) == true)
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        }
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WorkflowDefinitionRecord>(e =>
        {
            e.ToTable("workflow_definitions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.DefinitionId).HasMaxLength(128);
            e.Property(x => x.Name).HasMaxLength(512);
            e.Property(x => x.ModelHash).HasMaxLength(64);
            e.HasIndex(x => new { x.DefinitionId, x.Version }).IsUnique();
            e.HasIndex(x => new { x.DefinitionId, x.IsLatest });
            e.HasIndex(x => new { x.DefinitionId, x.IsPublished });
            e.HasIndex(x => x.Name);
        });

        modelBuilder.Entity<TriggerRecord>(e =>
        {
            e.ToTable("triggers");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.DefinitionId).HasMaxLength(128);
            e.Property(x => x.DefinitionVersionId).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(256);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.Property(x => x.ActivityId).HasMaxLength(128);
            e.HasIndex(x => new { x.Name, x.Hash });
            e.HasIndex(x => x.DefinitionId);
        });

        modelBuilder.Entity<WorkflowInstanceRecord>(e =>
        {
            e.ToTable("workflow_instances");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.DefinitionId).HasMaxLength(128);
            e.Property(x => x.DefinitionVersionId).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(512);
            e.Property(x => x.CorrelationId).HasMaxLength(256);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.SubStatus).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.LeaseOwner).HasMaxLength(128);
            e.HasIndex(x => new { x.DefinitionId, x.Status });
            e.HasIndex(x => x.CorrelationId);
            e.HasIndex(x => new { x.Status, x.FinishedAt });
            e.HasIndex(x => new { x.SubStatus, x.LeaseExpiresAt });
            e.HasIndex(x => x.CreatedAt);
        });

        modelBuilder.Entity<BookmarkRecord>(e =>
        {
            e.ToTable("bookmarks");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.WorkflowInstanceId).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(256);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.Property(x => x.ActivityInstanceId).HasMaxLength(64);
            e.Property(x => x.ActivityNodeId).HasMaxLength(1024);
            e.HasIndex(x => new { x.Name, x.Hash });
            e.HasIndex(x => x.WorkflowInstanceId);
            e.HasIndex(x => x.ResumeAt);
        });

        modelBuilder.Entity<ActivityExecutionRow>(e =>
        {
            e.ToTable("activity_executions");
            e.HasKey(x => new { x.WorkflowInstanceId, x.Id });
            e.Property(x => x.WorkflowInstanceId).HasMaxLength(64);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.ActivityId).HasMaxLength(128);
            e.Property(x => x.ActivityNodeId).HasMaxLength(1024);
            e.Property(x => x.ActivityType).HasMaxLength(256);
            e.Property(x => x.ActivityName).HasMaxLength(256);
            e.Property(x => x.ParentActivityInstanceId).HasMaxLength(64);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(x => new { x.WorkflowInstanceId, x.Sequence });
        });

        modelBuilder.Entity<WorkflowLogRow>(e =>
        {
            e.ToTable("workflow_logs");
            e.HasKey(x => x.Id);
            e.Property(x => x.WorkflowInstanceId).HasMaxLength(64);
            e.Property(x => x.EventName).HasMaxLength(64);
            e.HasIndex(x => new { x.WorkflowInstanceId, x.Timestamp });
        });

        modelBuilder.Entity<DispatchItem>(e =>
        {
            e.ToTable("dispatch_queue");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.WorkflowInstanceId).HasMaxLength(64);
            e.Property(x => x.DefinitionVersionId).HasMaxLength(64);
            e.Property(x => x.BookmarkId).HasMaxLength(64);
            e.Property(x => x.ClaimedBy).HasMaxLength(128);
            e.HasIndex(x => x.VisibleAt);
            e.HasIndex(x => x.WorkflowInstanceId);
        });

        modelBuilder.Entity<IdempotencyKeyRecord>(e =>
        {
            e.ToTable("idempotency_keys");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(256);
            e.HasIndex(x => x.CreatedAt);
        });
    }

    /// <summary>Stores a time as its UTC ticks (SQLite); public because the compiled SQLite model creates it.</summary>
    public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
}
