using System.Text.Json;
using IntellyHub.Runtime.Definitions;
using IntellyHub.Runtime.Dispatch;
using IntellyHub.Runtime.Journal;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Runtime.Scheduling;
using IntellyHub.Workflows;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Serialization;
using IntellyHub.Workflows.State;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntellyHub.Runtime.Instances;

/// <summary>
/// Runs workflows durably. Starting (<see cref="ExecuteAsync"/>, or <see cref="DispatchAsync"/> through the
/// queue), resuming a bookmark, triggering by stimulus, cancelling and retrying all follow one rule: the
/// process holds the instance's lease while the engine runs, then commits the new state, its bookmarks,
/// the journal and (for queued work) the removal of the queue item in one transaction, and releases the
/// lease. A bookmark is consumed once: it is removed from the state and its row in that transaction.
/// </summary>
public sealed partial class WorkflowRuntime(
    IDbContextFactory<IntellyHubDbContext> dbFactory,
    WorkflowRunner runner,
    WorkflowDefinitionService definitions,
    WorkflowCache cache,
    DispatchSignal signal,
    StartCommitBatcher startCommits,
    TimerScheduler timers,
    IOptions<RuntimeOptions> options,
    TimeProvider clock,
    ILogger<WorkflowRuntime> logger)
{
    private readonly RuntimeOptions _options = options.Value;

    // ---- starting -------------------------------------------------------------------------------

    /// <summary>Starts an instance and runs it now, in this process; returns once it finished or waits.</summary>
    public async Task<WorkflowRunResult> ExecuteAsync(StartWorkflowRequest request, CancellationToken cancellationToken = default)
    {
        var record = await ResolveAsync(request, cancellationToken);
        var instanceId = request.InstanceId ?? IdGenerator.NewOrderedId();
        if (request.IdempotencyKey is { } key && await FindIdempotentResultAsync(key, cancellationToken) is { } earlier)
            return await DescribeAsync(earlier, cancellationToken) ?? throw new InvalidOperationException($"Instance '{earlier}' of an earlier start is gone.");

        return await StartAsync(record, instanceId, request.Input, request.CorrelationId, request.TriggerActivityId, request.IdempotencyKey, queueItemId: null, cancellationToken, request.CommitStrategy,
            request.RunTimeLimit);
    }

    /// <summary>
    /// Starts an instance of a version the caller already holds (from a trigger index or a route table) and runs it now:
    /// no definition lookup. The request's definition fields are ignored.
    /// </summary>
    public async Task<WorkflowRunResult> ExecuteVersionAsync(WorkflowDefinitionRecord definition, StartWorkflowRequest request, CancellationToken cancellationToken = default)
    {
        var instanceId = request.InstanceId ?? IdGenerator.NewOrderedId();
        if (request.IdempotencyKey is { } key && await FindIdempotentResultAsync(key, cancellationToken) is { } earlier)
            return await DescribeAsync(earlier, cancellationToken) ?? throw new InvalidOperationException($"Instance '{earlier}' of an earlier start is gone.");
        return await StartAsync(definition, instanceId, request.Input, request.CorrelationId, request.TriggerActivityId, request.IdempotencyKey, queueItemId: null, cancellationToken, request.CommitStrategy,
            request.RunTimeLimit);
    }

    /// <summary>
    /// Queues a start and returns its instance id at once. The request is durable: a worker (of any
    /// replica) runs it, and if that process dies before committing, another one runs it again.
    /// </summary>
    public async Task<string> DispatchAsync(StartWorkflowRequest request, CancellationToken cancellationToken = default)
    {
        var record = await ResolveAsync(request, cancellationToken);
        var instanceId = request.InstanceId ?? IdGenerator.NewOrderedId();
        var payload = new DispatchPayload(request.Input is null ? null : new Dictionary<string, object?>(request.Input), request.CorrelationId, request.TriggerActivityId, request.IdempotencyKey);
        await EnqueueAsync(new DispatchItem
        {
            Kind = DispatchKind.Start,
            WorkflowInstanceId = instanceId,
            DefinitionVersionId = record.Id,
            Payload = JsonSerializer.Serialize(payload, WorkflowStateSerializer.Options),
        }, cancellationToken);
        return instanceId;
    }

    internal async Task<WorkflowRunResult> StartAsync(
        WorkflowDefinitionRecord definition, string instanceId, IDictionary<string, object?>? input, string? correlationId,
        string? triggerActivityId, string? idempotencyKey, long? queueItemId, CancellationToken cancellationToken, CommitStrategy? commitStrategy = null,
        TimeSpan? runTimeLimit = null)
    {
        var workflow = cache.Get(definition);
        // Transient: a run that finishes leaves nothing behind, so it is not journaled either (a run that waits or
        // faults is stored without its journal).
        var transient = (commitStrategy ?? workflow.CommitStrategy) == CommitStrategy.Transient && idempotencyKey is null;
        RunWorkflowResult result;
        using (var deadline = RunDeadline.Start(runTimeLimit, clock, cancellationToken))
        {
            result = await runner.RunAsync(workflow, new RunWorkflowOptions
            {
                InstanceId = instanceId,
                CorrelationId = correlationId,
                Input = input,
                TriggerActivityId = triggerActivityId,
                Journal = _options.Journal && !transient,
            }, deadline.Token);
        }

        if (transient && result is { Status: WorkflowStatus.Finished, SubStatus: WorkflowSubStatus.Finished, Bookmarks.Count: 0, Incidents.Count: 0 })
        {
            // A transient run that finished in one go leaves nothing behind (but the queue item it came from), so
            // no state snapshot is taken either.
            if (queueItemId is { } doneItemId)
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                await db.DispatchQueue.Where(q => q.Id == doneItemId).ExecuteDeleteAsync(cancellationToken);
            }

            return new WorkflowRunResult(instanceId, result.Status, result.SubStatus, result.Bookmarks, result.Incidents, result.Output);
        }

        var state = result.State;

        var now = clock.GetUtcNow();
        var rows = new NewInstanceRows(new WorkflowInstanceRecord
        {
            Id = instanceId,
            DefinitionId = definition.DefinitionId,
            DefinitionVersionId = definition.Id,
            DefinitionVersion = definition.Version,
            Name = definition.Name,
            CreatedAt = state.CreatedAt,
        });
        InstanceRows.Apply(rows.Instance, state, now);
        rows.Bookmarks.AddRange(state.Bookmarks.Select(b => InstanceRows.ToRow(instanceId, b)));
        rows.Journal.AddRange(Journaled(result).Select(InstanceRows.ToRow));
        rows.Logs.Add(Log(instanceId, "Started", $"Started {definition.DefinitionId} v{definition.Version}", now));
        if (state.Status == WorkflowStatus.Finished || state.Bookmarks.Count > 0) rows.Logs.Add(Log(instanceId, state.SubStatus.ToString(), null, now));
        if (idempotencyKey is not null) rows.IdempotencyKey = new IdempotencyKeyRecord { Key = idempotencyKey, Result = instanceId, CreatedAt = now };

        if (queueItemId is { } itemId)
        {
            // Queued work: the queue item goes in the same transaction as the new instance.
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.ChangeTracker.AutoDetectChangesEnabled = false; // only new rows: nothing to detect
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            rows.AddTo(db);
            await db.DispatchQueue.Where(q => q.Id == itemId).ExecuteDeleteAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        else
        {
            await startCommits.CommitAsync(rows, cancellationToken);
        }

        await timers.ScheduleBookmarksAsync(TimerScheduler.Timed(instanceId, state.Bookmarks), cancellationToken);
        if (state.SubStatus == WorkflowSubStatus.Interrupted)
            await EnqueueAsync(new DispatchItem { Kind = DispatchKind.Continue, WorkflowInstanceId = instanceId }, cancellationToken);
        return Describe(instanceId, state);
    }

    // ---- resuming, triggering, cancelling, retrying --------------------------------------------

    /// <summary>
    /// Resumes a bookmark with <paramref name="input"/>. Exactly one of any number of concurrent resumes of
    /// the same bookmark (on any replica) runs; the others get <see cref="InstanceOperationStatus.BookmarkNotFound"/>.
    /// </summary>
    public Task<InstanceOperationResult> ResumeAsync(string bookmarkId, IDictionary<string, object?>? input = null, CancellationToken cancellationToken = default) =>
        ResumeAsync(bookmarkId, input, runTimeLimit: null, cancellationToken);

    /// <summary>
    /// Resumes a bookmark like <see cref="ResumeAsync(string, IDictionary{string, object?}?, CancellationToken)"/>, with a
    /// limit to how long the run may go on (see <see cref="StartWorkflowRequest.RunTimeLimit"/>): past it, the run is
    /// committed as Interrupted and continues from the dispatch queue.
    /// </summary>
    public async Task<InstanceOperationResult> ResumeAsync(string bookmarkId, IDictionary<string, object?>? input, TimeSpan? runTimeLimit, CancellationToken cancellationToken = default)
    {
        string? instanceId;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            instanceId = await db.Bookmarks.Where(b => b.Id == bookmarkId).Select(b => b.WorkflowInstanceId).FirstOrDefaultAsync(cancellationToken);
        if (instanceId is null) return new InstanceOperationResult(InstanceOperationStatus.BookmarkNotFound, null, Message: $"Bookmark '{bookmarkId}' does not exist or was already resumed.");

        return await RunLeasedAsync(instanceId, async (workflow, state, ct) =>
            {
                using var deadline = RunDeadline.Start(runTimeLimit, clock, ct);
                return await runner.ResumeAsync(workflow, state, bookmarkId, input, _options.Journal, deadline.Token);
            },
            "Resumed", () => QueueFallback(DispatchKind.Resume, instanceId, bookmarkId, input), queueItemId: null, cancellationToken);
    }

    /// <summary>
    /// Delivers a stimulus: resumes every bookmark waiting for it and starts every published workflow it
    /// triggers. With <paramref name="idempotencyKey"/>, repeating the same stimulus starts nothing twice.
    /// </summary>
    public async Task<TriggerResult> TriggerAsync(string name, object? stimulus, IDictionary<string, object?>? input = null,
        string? correlationId = null, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var hash = StimulusHasher.Hash(name, stimulus);
        List<string> bookmarkIds;
        List<TriggerMatch> triggers;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var bookmarks = db.Bookmarks.Where(b => b.Name == name && b.Hash == hash);
            if (correlationId is not null)
                bookmarks = bookmarks.Where(b => db.WorkflowInstances.Any(i => i.Id == b.WorkflowInstanceId && i.CorrelationId == correlationId));
            bookmarkIds = await bookmarks.Select(b => b.Id).ToListAsync(cancellationToken);
            triggers = await db.Triggers.Where(t => t.Name == name && t.Hash == hash)
                .Join(db.WorkflowDefinitions, t => t.DefinitionVersionId, d => d.Id, (t, d) => new TriggerMatch(t.Id, t.ActivityId, d))
                .ToListAsync(cancellationToken);
        }

        var resumed = new List<InstanceOperationResult>();
        foreach (var bookmarkId in bookmarkIds)
            resumed.Add(await ResumeAsync(bookmarkId, input, cancellationToken));

        var started = new List<WorkflowRunResult>();
        foreach (var trigger in triggers)
        {
            var key = idempotencyKey is null ? null : $"{idempotencyKey}:{trigger.TriggerId}";
            if (key is not null && await FindIdempotentResultAsync(key, cancellationToken) is not null) continue;
            try
            {
                started.Add(await StartAsync(trigger.Definition, IdGenerator.NewOrderedId(), input, correlationId, trigger.ActivityId, key, null, cancellationToken));
            }
            catch (DbUpdateException) when (key is not null)
            {
                // Another replica started it with the same key first; anything else is a real failure.
                if (await FindIdempotentResultAsync(key, cancellationToken) is null) throw;
            }
        }

        return new TriggerResult(resumed, started);
    }

    /// <summary>Cancels an instance: every running and waiting activity is cancelled and its bookmarks removed.</summary>
    public Task<InstanceOperationResult> CancelAsync(string instanceId, CancellationToken cancellationToken = default) =>
        RunLeasedAsync(instanceId, (workflow, state, ct) => runner.CancelAsync(workflow, state, _options.Journal, ct), "Cancelled", null, null, cancellationToken);

    /// <summary>Runs a faulted activity execution again and continues the instance.</summary>
    public Task<InstanceOperationResult> RetryAsync(string instanceId, string activityInstanceId, CancellationToken cancellationToken = default) =>
        RunLeasedAsync(instanceId, (workflow, state, ct) => runner.RetryAsync(workflow, state, activityInstanceId, _options.Journal, ct), "Retried", null, null, cancellationToken);

    /// <summary>Continues an instance whose earlier run was interrupted with work left.</summary>
    internal Task<InstanceOperationResult> ContinueAsync(string instanceId, long? queueItemId, CancellationToken cancellationToken) =>
        RunLeasedAsync(instanceId, (workflow, state, ct) => runner.ContinueAsync(workflow, state, _options.Journal, ct), "Continued", null, queueItemId, cancellationToken);

    internal Task<InstanceOperationResult> ResumeQueuedAsync(string instanceId, string bookmarkId, IDictionary<string, object?>? input, long queueItemId, CancellationToken cancellationToken) =>
        RunLeasedAsync(instanceId, (workflow, state, ct) => runner.ResumeAsync(workflow, state, bookmarkId, input, _options.Journal, ct), "Resumed", null, queueItemId, cancellationToken);

    /// <summary>The current status of an instance, or null.</summary>
    public async Task<WorkflowRunResult?> DescribeAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.WorkflowInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        if (record is null) return null;
        if (record.State is null) return new WorkflowRunResult(record.Id, record.Status, record.SubStatus, [], [], new Dictionary<string, object?>());
        try
        {
            return Describe(record.Id, WorkflowStateSerializer.Deserialize(record.State));
        }
        catch (WorkflowStateException)
        {
            return new WorkflowRunResult(record.Id, record.Status, record.SubStatus, [], [], new Dictionary<string, object?>());
        }
    }

    // ---- the leased run ---------------------------------------------------------------------------

    private delegate Task<RunWorkflowResult> EngineOperation(Workflow workflow, WorkflowState state, CancellationToken cancellationToken);

    private async Task<InstanceOperationResult> RunLeasedAsync(
        string instanceId, EngineOperation operation, string eventName, Func<DispatchItem>? queueFallback, long? queueItemId, CancellationToken cancellationToken)
    {
        var lease = new InstanceLease(dbFactory, instanceId, _options, clock);
        if (!await lease.AcquireAsync(_options.LeaseWaitTimeout, cancellationToken))
        {
            if (queueFallback is null)
                return new InstanceOperationResult(InstanceOperationStatus.Queued, instanceId, Message: "The instance is busy in another process.");
            await EnqueueAsync(queueFallback(), cancellationToken);
            return new InstanceOperationResult(InstanceOperationStatus.Queued, instanceId, Message: "The instance is busy in another process; the request was queued.");
        }

        await using (lease)
        {
            WorkflowInstanceRecord? record;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
                record = await db.WorkflowInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
            if (record is null) return new InstanceOperationResult(InstanceOperationStatus.InstanceNotFound, instanceId, Message: $"Instance '{instanceId}' does not exist.");
            if (record.Status == WorkflowStatus.Finished && eventName != "Retried")
            {
                // A resume that lost the race to the run that consumed its bookmark (and finished the instance) sees no bookmark.
                await RemoveQueueItemAsync(queueItemId, cancellationToken);
                return eventName == "Resumed"
                    ? new InstanceOperationResult(InstanceOperationStatus.BookmarkNotFound, instanceId, Message: "The bookmark was already resumed; the instance has finished.")
                    : new InstanceOperationResult(InstanceOperationStatus.InstanceFinished, instanceId, Message: $"Instance '{instanceId}' has finished ({record.SubStatus}).");
            }

            Workflow workflow;
            WorkflowState state;
            RunWorkflowResult result;
            try
            {
                // A version that instances use is never removed (only marked deleted), so a cached workflow needs no query.
                workflow = cache.Find(record.DefinitionVersionId)
                    ?? cache.Get(await definitions.FindByVersionIdAsync(record.DefinitionVersionId, cancellationToken)
                        ?? throw new WorkflowStateException($"Definition version '{record.DefinitionVersionId}' no longer exists."));
                state = record.State is null ? throw new WorkflowStateException("The instance has no stored state.") : WorkflowStateSerializer.Deserialize(record.State);
                using var renewal = lease.KeepAlive(cancellationToken);
                result = await operation(workflow, state, cancellationToken);
            }
            catch (Exception exception) when (exception is WorkflowStateException or WorkflowDefinitionException)
            {
                await MarkCorruptAsync(record, lease, exception.Message, queueItemId, cancellationToken);
                return new InstanceOperationResult(InstanceOperationStatus.CorruptState, instanceId, Message: exception.Message);
            }

            switch (result.Outcome)
            {
                case RunOutcome.BookmarkNotFound:
                    await RemoveQueueItemAsync(queueItemId, cancellationToken);
                    return new InstanceOperationResult(InstanceOperationStatus.BookmarkNotFound, instanceId, Message: "The bookmark was already resumed.");
                case RunOutcome.NotRunning:
                    await RemoveQueueItemAsync(queueItemId, cancellationToken);
                    return new InstanceOperationResult(InstanceOperationStatus.InstanceFinished, instanceId, Message: $"Instance '{instanceId}' has finished.");
                case RunOutcome.ActivityNotFound:
                    return new InstanceOperationResult(InstanceOperationStatus.ActivityNotFound, instanceId, Message: "No faulted activity execution with that id.");
            }

            try
            {
                await CommitAsync(record, state, result, lease, eventName, queueItemId, cancellationToken);
            }
            catch (LeaseLostException) when (queueFallback is not null)
            {
                // The lease expired during the run and another process took the instance: this result was discarded.
                // Queued, the resume still happens (or finds its bookmark consumed) instead of failing the caller
                // and, in TriggerAsync, the resumes of the other bookmarks the stimulus matched.
                await EnqueueAsync(queueFallback(), cancellationToken);
                return new InstanceOperationResult(InstanceOperationStatus.Queued, instanceId, Message: "Another process took the instance over during the run; the request was queued.");
            }

            return new InstanceOperationResult(InstanceOperationStatus.Done, instanceId, Describe(instanceId, result.State));
        }
    }

    private async Task CommitAsync(WorkflowInstanceRecord record, WorkflowState before, RunWorkflowResult result, InstanceLease lease,
        string eventName, long? queueItemId, CancellationToken cancellationToken)
    {
        var state = result.State;
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false; // rows are added, or attached with their changes marked
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        InstanceRows.Apply(record, state, now);
        var updated = await db.WorkflowInstances
            .Where(i => i.Id == record.Id && i.LeaseOwner == _options.NodeId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Status, record.Status)
                .SetProperty(i => i.SubStatus, record.SubStatus)
                .SetProperty(i => i.CorrelationId, record.CorrelationId)
                .SetProperty(i => i.IncidentCount, record.IncidentCount)
                .SetProperty(i => i.State, record.State)
                .SetProperty(i => i.UpdatedAt, now)
                .SetProperty(i => i.FinishedAt, record.FinishedAt)
                .SetProperty(i => i.LeaseOwner, (string?)null)
                .SetProperty(i => i.LeaseExpiresAt, (DateTimeOffset?)null), cancellationToken);
        if (updated != 1) throw new LeaseLostException(record.Id);

        var after = state.Bookmarks.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        var removed = before.Bookmarks.Where(b => !after.Contains(b.Id)).Select(b => b.Id).ToList();
        if (removed.Count > 0)
        {
            var deleted = await db.Bookmarks.Where(b => removed.Contains(b.Id)).ExecuteDeleteAsync(cancellationToken);
            if (deleted != removed.Count) throw new LeaseLostException(record.Id);
        }

        var existing = before.Bookmarks.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var bookmark in state.Bookmarks.Where(b => !existing.Contains(b.Id)))
            db.Bookmarks.Add(InstanceRows.ToRow(record.Id, bookmark));

        await AddJournalAsync(db, result, cancellationToken);
        db.WorkflowLogs.Add(Log(record.Id, eventName, null, now));
        if (state.Status == WorkflowStatus.Finished || state.SubStatus == WorkflowSubStatus.Suspended)
            db.WorkflowLogs.Add(Log(record.Id, state.SubStatus.ToString(), null, now));
        if (queueItemId is { } itemId) await db.DispatchQueue.Where(q => q.Id == itemId).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        lease.MarkReleased();
        // Timed bookmarks resumed or cancelled leave the schedule; new ones join it.
        await timers.UnscheduleBookmarksAsync([.. TimerScheduler.Timed(record.Id, before.Bookmarks.Where(b => !after.Contains(b.Id))).Select(b => b.BookmarkId)], cancellationToken);
        await timers.ScheduleBookmarksAsync(TimerScheduler.Timed(record.Id, state.Bookmarks.Where(b => !existing.Contains(b.Id))), cancellationToken);
        if (state.SubStatus == WorkflowSubStatus.Interrupted)
            await EnqueueAsync(new DispatchItem { Kind = DispatchKind.Continue, WorkflowInstanceId = record.Id }, cancellationToken);
    }

    private async Task AddJournalAsync(IntellyHubDbContext db, RunWorkflowResult result, CancellationToken cancellationToken)
    {
        var journal = Journaled(result).ToList();
        if (journal.Count == 0) return;

        // Rows of executions that continue (resumed) or run again (retried) exist already: one query finds them.
        HashSet<string> stored = [];
        {
            var instanceId = journal[0].WorkflowInstanceId;
            var ids = journal.Select(r => r.Id).ToList();
            stored = (await db.ActivityExecutions.Where(r => r.WorkflowInstanceId == instanceId && ids.Contains(r.Id)).Select(r => r.Id).ToListAsync(cancellationToken))
                .ToHashSet(StringComparer.Ordinal);
        }

        foreach (var record in journal)
        {
            var row = InstanceRows.ToRow(record);
            if (!stored.Contains(record.Id))
            {
                db.ActivityExecutions.Add(row);
                continue;
            }

            // Update what changes; a continued execution keeps its start and its place in the journal.
            var entry = db.ActivityExecutions.Attach(row);
            entry.State = EntityState.Modified;
            entry.Property(r => r.Sequence).IsModified = !record.IsContinuation;
            entry.Property(r => r.StartedAt).IsModified = !record.IsContinuation;
            entry.Property(r => r.Inputs).IsModified = !record.IsContinuation;
        }
    }

    // The workflow itself and its root container (the flowchart) are not journaled: they span the whole run
    // and Studio's journal leaves them out; every activity inside them is.
    private IEnumerable<ActivityExecutionRecord> Journaled(RunWorkflowResult result)
    {
        if (_options.JournalRootContainers || result.Context is not { } context) return result.Journal;
        var workflow = context.Workflow;
        var rootNodeId = workflow.Root is IContainerActivity ? workflow.Root.NodeId : null;
        return result.Journal.Where(r => r.ActivityNodeId != workflow.NodeId && r.ActivityNodeId != rootNodeId);
    }

    private async Task MarkCorruptAsync(WorkflowInstanceRecord record, InstanceLease lease, string reason, long? queueItemId, CancellationToken cancellationToken)
    {
        LogCorruptState(logger, record.Id, reason);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.WorkflowInstances.Where(i => i.Id == record.Id && i.LeaseOwner == _options.NodeId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Status, WorkflowStatus.Finished)
                .SetProperty(i => i.SubStatus, WorkflowSubStatus.Faulted)
                .SetProperty(i => i.FaultReason, reason)
                .SetProperty(i => i.IncidentCount, i => i.IncidentCount + 1)
                .SetProperty(i => i.FinishedAt, now)
                .SetProperty(i => i.UpdatedAt, now)
                .SetProperty(i => i.LeaseOwner, (string?)null)
                .SetProperty(i => i.LeaseExpiresAt, (DateTimeOffset?)null), cancellationToken);
        await db.Bookmarks.Where(b => b.WorkflowInstanceId == record.Id).ExecuteDeleteAsync(cancellationToken);
        db.WorkflowLogs.Add(Log(record.Id, "Faulted", reason, now));
        if (queueItemId is { } itemId) await db.DispatchQueue.Where(q => q.Id == itemId).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        lease.MarkReleased();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private async Task<WorkflowDefinitionRecord> ResolveAsync(StartWorkflowRequest request, CancellationToken cancellationToken)
    {
        var record = request.DefinitionVersionId is { } versionId
            ? await definitions.FindByVersionIdAsync(versionId, cancellationToken)
            : request.DefinitionId is { } definitionId
                ? await definitions.FindAsync(definitionId, request.VersionOptions, cancellationToken)
                : throw new ArgumentException("A definition id or definition version id is required.", nameof(request));
        return record ?? throw new WorkflowNotFoundException(
            $"No {request.VersionOptions} version of workflow definition '{request.DefinitionId ?? request.DefinitionVersionId}' exists.");
    }

    internal async Task EnqueueAsync(DispatchItem item, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        item.CreatedAt = now;
        item.VisibleAt = now;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.DispatchQueue.Add(item);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
    }

    private DispatchItem QueueFallback(DispatchKind kind, string instanceId, string? bookmarkId, IDictionary<string, object?>? input) => new()
    {
        Kind = kind,
        WorkflowInstanceId = instanceId,
        BookmarkId = bookmarkId,
        Payload = JsonSerializer.Serialize(new DispatchPayload(input is null ? null : new Dictionary<string, object?>(input), null, null, null), WorkflowStateSerializer.Options),
    };

    private async Task RemoveQueueItemAsync(long? queueItemId, CancellationToken cancellationToken)
    {
        if (queueItemId is not { } itemId) return;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.DispatchQueue.Where(q => q.Id == itemId).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task<string?> FindIdempotentResultAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.IdempotencyKeys.Where(k => k.Key == key).Select(k => k.Result).FirstOrDefaultAsync(cancellationToken);
    }

    private static WorkflowRunResult Describe(string instanceId, WorkflowState state) =>
        new(instanceId, state.Status, state.SubStatus, state.Bookmarks, state.Incidents, state.Output);

    private static WorkflowLogRow Log(string instanceId, string eventName, string? message, DateTimeOffset now) => new()
    {
        WorkflowInstanceId = instanceId,
        EventName = eventName,
        Message = message,
        Timestamp = now,
    };

    [LoggerMessage(1000, LogLevel.Error, "Workflow instance {WorkflowInstanceId} has an unusable state and was marked Faulted: {Reason}")]
    private static partial void LogCorruptState(ILogger logger, string workflowInstanceId, string reason);

    private sealed record TriggerMatch(string TriggerId, string ActivityId, WorkflowDefinitionRecord Definition);
}

/// <summary>What a queued start or resume carries.</summary>
internal sealed record DispatchPayload(Dictionary<string, object?>? Input, string? CorrelationId, string? TriggerActivityId, string? IdempotencyKey);

/// <summary>The process lost the lease of an instance while running it (another process took over); its result is discarded.</summary>
public sealed class LeaseLostException(string instanceId) : Exception($"The lease of instance '{instanceId}' was lost; the run's result was not committed.");
