using System.Text.Json;
using IntellyHub.Runtime.Definitions;
using IntellyHub.Runtime.Instances;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Workflows.State;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntellyHub.Runtime.Dispatch;

/// <summary>
/// Takes work from the dispatch queue and runs it. Items are claimed atomically (on PostgreSQL with
/// <c>FOR UPDATE SKIP LOCKED</c>, so replicas share the queue) for a lease period; an item is removed
/// in the transaction that commits its effect, so work claimed by a process that dies is claimed again
/// when the claim expires. Workers sleep until this process queues work or the sweep interval passes.
/// </summary>
public sealed partial class DispatchWorker(
    IDbContextFactory<IntellyHubDbContext> dbFactory,
    IRuntimeDatabase database,
    WorkflowRuntime runtime,
    WorkflowDefinitionService definitions,
    DispatchSignal signal,
    IOptions<RuntimeOptions> options,
    TimeProvider clock,
    ILogger<DispatchWorker> logger) : BackgroundService
{
    private readonly RuntimeOptions _options = options.Value;

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = database.SupportsConcurrentWriters ? _options.DispatchWorkers : Math.Min(1, _options.DispatchWorkers);
        return Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => RunWorkerAsync(stoppingToken), stoppingToken)));
    }

    private async Task RunWorkerAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var processed = await ProcessBatchAsync(stoppingToken);
                if (processed == 0) await signal.WaitForWorkAsync(_options.DispatchSweepInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogWorkerError(logger, exception);
                await signal.WaitForWorkAsync(_options.DispatchSweepInterval, clock, stoppingToken);
            }
        }
    }

    /// <summary>Claims and runs one batch; returns how many items it took.</summary>
    public async Task<int> ProcessBatchAsync(CancellationToken cancellationToken)
    {
        List<DispatchItem> items;
        var now = clock.GetUtcNow();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            items = await database.ClaimAsync(db, _options.NodeId, now, now + _options.LeaseDuration, _options.DispatchBatchSize, cancellationToken);

        foreach (var item in items)
        {
            // The batch's claims were not renewed while earlier items ran: once one may have expired, the item
            // is run only if it is still ours (another worker may have claimed it since, and then runs it).
            if (clock.GetUtcNow() - now >= _options.LeaseDuration / 3 && !await RenewClaimAsync(item, cancellationToken)) continue;
            try
            {
                using var claim = KeepClaimAlive(item.Id, cancellationToken);
                await ProcessAsync(item, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogItemFailed(logger, item.Id, item.Kind, item.WorkflowInstanceId, exception);
                await PostponeAsync(item, exception.Message, cancellationToken);
            }
        }

        return items.Count;
    }

    private async Task ProcessAsync(DispatchItem item, CancellationToken cancellationToken)
    {
        var payload = item.Payload is null ? null : JsonSerializer.Deserialize<DispatchPayload>(item.Payload, WorkflowStateSerializer.Options);
        var input = payload?.Input?.ToDictionary(p => p.Key, p => IntellyHub.Workflows.ValueConverter.ToPlain(p.Value));
        switch (item.Kind)
        {
            case DispatchKind.Start:
                var definition = await definitions.FindByVersionIdAsync(item.DefinitionVersionId ?? "", cancellationToken);
                if (definition is null)
                {
                    LogDefinitionGone(logger, item.Id, item.DefinitionVersionId);
                    await RemoveAsync(item.Id, cancellationToken);
                    return;
                }

                try
                {
                    await runtime.StartAsync(definition, item.WorkflowInstanceId, input, payload?.CorrelationId, payload?.TriggerActivityId, payload?.IdempotencyKey, item.Id, cancellationToken);
                }
                catch (DbUpdateException)
                {
                    // Another worker committed this start after our claim expired: the work is done.
                    if (!await InstanceExistsAsync(item.WorkflowInstanceId, cancellationToken)) throw;
                    await RemoveAsync(item.Id, cancellationToken);
                }

                break;
            case DispatchKind.Resume:
                var resumed = await runtime.ResumeQueuedAsync(item.WorkflowInstanceId, item.BookmarkId ?? "", input, item.Id, cancellationToken);
                await SettleAsync(item, resumed, cancellationToken);
                break;
            case DispatchKind.Continue:
                var continued = await runtime.ContinueAsync(item.WorkflowInstanceId, item.Id, cancellationToken);
                await SettleAsync(item, continued, cancellationToken);
                break;
        }
    }

    // Items whose operation did not commit (busy instance) stay queued; finished ones are removed.
    private async Task SettleAsync(DispatchItem item, InstanceOperationResult result, CancellationToken cancellationToken)
    {
        switch (result.Status)
        {
            case InstanceOperationStatus.Done or InstanceOperationStatus.CorruptState:
                return;
            case InstanceOperationStatus.Queued:
                await PostponeAsync(item, null, cancellationToken, TimeSpan.FromMilliseconds(200));
                return;
            default:
                await RemoveAsync(item.Id, cancellationToken);
                return;
        }
    }

    private async Task PostponeAsync(DispatchItem item, string? error, CancellationToken cancellationToken, TimeSpan? delay = null)
    {
        var backoff = delay ?? TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(item.Attempts, 10)), 300));
        var visibleAt = clock.GetUtcNow() + backoff;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.DispatchQueue.Where(q => q.Id == item.Id).ExecuteUpdateAsync(s => s
            .SetProperty(q => q.VisibleAt, visibleAt)
            .SetProperty(q => q.ClaimedBy, (string?)null)
            .SetProperty(q => q.LastError, error), cancellationToken);
    }

    // A long run keeps its claim: otherwise another worker would take the item when the claim expires.
    private IDisposable KeepClaimAlive(long itemId, CancellationToken cancellationToken) =>
        LeaseRenewal.Start(clock, _options.LeaseDuration, ct => ExtendClaimAsync(itemId, ct), cancellationToken);

    private async Task ExtendClaimAsync(long itemId, CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow() + _options.LeaseDuration;
        var owner = _options.NodeId;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.DispatchQueue.Where(q => q.Id == itemId && q.ClaimedBy == owner).ExecuteUpdateAsync(s => s.SetProperty(q => q.VisibleAt, until), cancellationToken);
    }

    // Our claim is the one that returned this item: same owner, no claim (by any worker) since.
    private async Task<bool> RenewClaimAsync(DispatchItem item, CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow() + _options.LeaseDuration;
        var owner = _options.NodeId;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.DispatchQueue.Where(q => q.Id == item.Id && q.ClaimedBy == owner && q.Attempts == item.Attempts)
            .ExecuteUpdateAsync(s => s.SetProperty(q => q.VisibleAt, until), cancellationToken) == 1;
    }

    private async Task RemoveAsync(long itemId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.DispatchQueue.Where(q => q.Id == itemId).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task<bool> InstanceExistsAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.WorkflowInstances.AnyAsync(i => i.Id == instanceId, cancellationToken);
    }

    [LoggerMessage(1100, LogLevel.Error, "Dispatch worker failed; it goes on after a pause")]
    private static partial void LogWorkerError(ILogger logger, Exception exception);

    [LoggerMessage(1101, LogLevel.Warning, "Dispatch item {ItemId} ({Kind}) for workflow instance {WorkflowInstanceId} failed; it is retried later")]
    private static partial void LogItemFailed(ILogger logger, long itemId, DispatchKind kind, string workflowInstanceId, Exception exception);

    [LoggerMessage(1102, LogLevel.Warning, "Dispatch item {ItemId} refers to definition version {DefinitionVersionId}, which no longer exists; dropped")]
    private static partial void LogDefinitionGone(ILogger logger, long itemId, string? definitionVersionId);
}
