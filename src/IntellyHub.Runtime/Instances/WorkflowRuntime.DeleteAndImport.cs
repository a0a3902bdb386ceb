using IntellyHub.Runtime.Dispatch;
using IntellyHub.Runtime.Journal;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Runtime.Scheduling;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.State;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace IntellyHub.Runtime.Instances;

/// <summary>What a delete did.</summary>
public enum InstanceDeleteStatus
{
    /// <summary>The instance and everything stored about it are gone.</summary>
    Deleted,

    /// <summary>No such instance.</summary>
    InstanceNotFound,

    /// <summary>Another process is running the instance and did not let go in time; nothing was deleted.</summary>
    Busy,
}

/// <summary>What an import did.</summary>
public enum InstanceImportStatus
{
    /// <summary>The instance did not exist and was created.</summary>
    Created,

    /// <summary>An instance with the same id existed; it was replaced, with its bookmarks, journal and log.</summary>
    Replaced,

    /// <summary>Another process is running the existing instance; nothing was changed.</summary>
    Busy,

    /// <summary>The database refused the rows (e.g. duplicate or over-long ids); nothing was changed.</summary>
    Rejected,
}

/// <summary>The result of <see cref="WorkflowRuntime.ImportAsync"/>.</summary>
public sealed record InstanceImportResult(InstanceImportStatus Status, string InstanceId, string? Message = null);

/// <summary>
/// An instance brought in from elsewhere (an export): its engine state and, optionally, its journal and
/// workflow log. Its bookmark rows are always rebuilt from <see cref="WorkflowState.Bookmarks"/>.
/// </summary>
public sealed record InstanceImport(WorkflowState State)
{
    /// <summary>The instance's display name; null takes the name of its definition version, if that exists here.</summary>
    public string? Name { get; init; }

    /// <summary>Why the instance was marked faulted outside the engine, if it was.</summary>
    public string? FaultReason { get; init; }

    /// <summary>Activity executions (their instance id is set to the state's).</summary>
    public IReadOnlyList<ActivityExecutionRow> Journal { get; init; } = [];

    /// <summary>Workflow-level log entries (their ids are assigned anew).</summary>
    public IReadOnlyList<WorkflowLogRow> Logs { get; init; } = [];
}

public sealed partial class WorkflowRuntime
{
    /// <summary>
    /// Deletes an instance with its bookmarks, journal, workflow log and queued work, in one transaction.
    /// As in Elsa, a running instance is cancelled first (its activities get their cancellation handling),
    /// then deleted. The delete holds the instance's lease, so it never removes an instance in the middle of
    /// another process's run: if that run does not end within the lease wait, the answer is
    /// <see cref="InstanceDeleteStatus.Busy"/> and nothing is deleted.
    /// </summary>
    public async Task<InstanceDeleteStatus> DeleteAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        WorkflowStatus? status;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            status = await db.WorkflowInstances.Where(i => i.Id == instanceId).Select(i => (WorkflowStatus?)i.Status).FirstOrDefaultAsync(cancellationToken);
        if (status is null) return InstanceDeleteStatus.InstanceNotFound;

        if (status == WorkflowStatus.Running)
        {
            // Finished (by a run that just ended) or CorruptState (now marked Faulted) both leave a finished instance to delete.
            var cancelled = await CancelAsync(instanceId, cancellationToken);
            if (cancelled.Status == InstanceOperationStatus.InstanceNotFound) return InstanceDeleteStatus.InstanceNotFound;
            if (cancelled.Status == InstanceOperationStatus.Queued) return InstanceDeleteStatus.Busy;
        }

        var lease = new InstanceLease(dbFactory, instanceId, _options, clock);
        if (!await lease.AcquireAsync(_options.LeaseWaitTimeout, cancellationToken)) return InstanceDeleteStatus.Busy;
        await using (lease)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var owner = _options.NodeId;
            var deleted = await db.WorkflowInstances.Where(i => i.Id == instanceId && i.LeaseOwner == owner).ExecuteDeleteAsync(cancellationToken);
            if (deleted == 0)
            {
                // Gone meanwhile (another delete won), or the lease was lost to another process.
                return await db.WorkflowInstances.AnyAsync(i => i.Id == instanceId, cancellationToken)
                    ? InstanceDeleteStatus.Busy
                    : InstanceDeleteStatus.InstanceNotFound;
            }

            await DeleteInstanceRowsAsync(db, instanceId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            lease.MarkReleased();
        }

        LogInstanceDeleted(logger, instanceId);
        return InstanceDeleteStatus.Deleted;
    }

    /// <summary>Deletes each instance as <see cref="DeleteAsync"/> does; returns how many were deleted.</summary>
    public async Task<int> DeleteManyAsync(IEnumerable<string> instanceIds, CancellationToken cancellationToken = default)
    {
        var count = 0;
        foreach (var instanceId in instanceIds.Distinct(StringComparer.Ordinal))
            if (await DeleteAsync(instanceId, cancellationToken) == InstanceDeleteStatus.Deleted) count++;
        return count;
    }

    /// <summary>
    /// Stores an instance from an export: the instance row (status, sub-status, correlation id and incident
    /// count come from the state), its bookmarks (rebuilt from the state, so that they can be resumed),
    /// journal and workflow log, in one transaction. An existing instance with the same id is replaced,
    /// under its lease, as Elsa's import overwrites.
    /// </summary>
    public async Task<InstanceImportResult> ImportAsync(InstanceImport import, CancellationToken cancellationToken = default)
    {
        var state = import.State;
        if (string.IsNullOrWhiteSpace(state.Id) || string.IsNullOrWhiteSpace(state.DefinitionId) || string.IsNullOrWhiteSpace(state.DefinitionVersionId))
            throw new ArgumentException("An imported workflow state needs an id, a definition id and a definition version id.", nameof(import));

        var instanceId = state.Id;
        var now = clock.GetUtcNow();
        var name = import.Name ?? (await definitions.FindByVersionIdAsync(state.DefinitionVersionId, cancellationToken))?.Name;
        var record = new WorkflowInstanceRecord
        {
            Id = instanceId,
            DefinitionId = state.DefinitionId,
            DefinitionVersionId = state.DefinitionVersionId,
            DefinitionVersion = state.DefinitionVersion,
            Name = name,
            FaultReason = import.FaultReason,
            CreatedAt = state.CreatedAt == default ? now : state.CreatedAt,
        };
        InstanceRows.Apply(record, state, state.UpdatedAt == default ? now : state.UpdatedAt);
        if (import.FaultReason is not null && record.IncidentCount == 0) record.IncidentCount = 1;

        // For an instance that does not exist yet the lease is granted at once (there is no row to hold it in).
        var lease = new InstanceLease(dbFactory, instanceId, _options, clock);
        if (!await lease.AcquireAsync(_options.LeaseWaitTimeout, cancellationToken))
            return new InstanceImportResult(InstanceImportStatus.Busy, instanceId, $"Instance '{instanceId}' is busy in another process.");

        bool replaced;
        await using (lease)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.ChangeTracker.AutoDetectChangesEnabled = false; // only new rows
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            replaced = await db.WorkflowInstances.Where(i => i.Id == instanceId).ExecuteDeleteAsync(cancellationToken) > 0;
            await DeleteInstanceRowsAsync(db, instanceId, cancellationToken);

            db.WorkflowInstances.Add(record);
            db.Bookmarks.AddRange(state.Bookmarks.Select(b => InstanceRows.ToRow(instanceId, b)));
            foreach (var row in import.Journal)
            {
                row.WorkflowInstanceId = instanceId;
                db.ActivityExecutions.Add(row);
            }

            foreach (var log in import.Logs)
            {
                log.Id = 0;
                log.WorkflowInstanceId = instanceId;
                db.WorkflowLogs.Add(log);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException exception)
            {
                await transaction.RollbackAsync(cancellationToken);
                return new InstanceImportResult(InstanceImportStatus.Rejected, instanceId, exception.InnerException?.Message ?? exception.Message);
            }

            // The replaced row carried this process's lease; the new row has none.
            if (replaced) lease.MarkReleased();
        }

        LogInstanceImported(logger, instanceId, replaced);
        await timers.ScheduleBookmarksAsync(TimerScheduler.Timed(instanceId, state.Bookmarks), cancellationToken);
        if (state.SubStatus == WorkflowSubStatus.Interrupted)
            await EnqueueAsync(new DispatchItem { Kind = DispatchKind.Continue, WorkflowInstanceId = instanceId }, cancellationToken);
        return new InstanceImportResult(replaced ? InstanceImportStatus.Replaced : InstanceImportStatus.Created, instanceId);
    }

    // Everything stored about an instance besides its row.
    private static async Task DeleteInstanceRowsAsync(IntellyHubDbContext db, string instanceId, CancellationToken cancellationToken)
    {
        await db.Bookmarks.Where(b => b.WorkflowInstanceId == instanceId).ExecuteDeleteAsync(cancellationToken);
        await db.ActivityExecutions.Where(r => r.WorkflowInstanceId == instanceId).ExecuteDeleteAsync(cancellationToken);
        await db.WorkflowLogs.Where(r => r.WorkflowInstanceId == instanceId).ExecuteDeleteAsync(cancellationToken);
        await db.DispatchQueue.Where(q => q.WorkflowInstanceId == instanceId).ExecuteDeleteAsync(cancellationToken);
    }

    [LoggerMessage(1010, LogLevel.Information, "Workflow instance {WorkflowInstanceId} was deleted")]
    private static partial void LogInstanceDeleted(ILogger logger, string workflowInstanceId);

    [LoggerMessage(1011, LogLevel.Information, "Workflow instance {WorkflowInstanceId} was imported (replaced an existing one: {Replaced})")]
    private static partial void LogInstanceImported(ILogger logger, string workflowInstanceId, bool replaced);
}
