using IntellyHub.Runtime.Dispatch;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Workflows.Execution;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntellyHub.Runtime.Instances;

/// <summary>
/// Picks up instances left with work to do: an instance committed as Interrupted (its run stopped with
/// activities still scheduled, e.g. at shutdown) whose lease is free or expired gets a Continue item in
/// the queue. Runs once per lease period.
/// </summary>
public sealed partial class InstanceRecoveryService(
    IDbContextFactory<IntellyHubDbContext> dbFactory,
    WorkflowRuntime runtime,
    IOptions<RuntimeOptions> options,
    TimeProvider clock,
    ILogger<InstanceRecoveryService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RecoverAsync(stoppingToken);
                await Task.Delay(options.Value.LeaseDuration, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogRecoveryError(logger, exception);
                await Task.Delay(options.Value.LeaseDuration, clock, stoppingToken);
            }
        }
    }

    /// <summary>Queues a Continue for every interrupted instance nobody runs; returns how many.</summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        List<string> orphans;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            orphans = await db.WorkflowInstances
                .Where(i => i.SubStatus == WorkflowSubStatus.Interrupted && (i.LeaseOwner == null || i.LeaseExpiresAt < now))
                .Where(i => !db.DispatchQueue.Any(q => q.WorkflowInstanceId == i.Id && q.Kind == DispatchKind.Continue))
                .OrderBy(i => i.UpdatedAt).Select(i => i.Id).Take(500).ToListAsync(cancellationToken);
        }

        foreach (var instanceId in orphans)
            await runtime.EnqueueAsync(new DispatchItem { Kind = DispatchKind.Continue, WorkflowInstanceId = instanceId }, cancellationToken);
        return orphans.Count;
    }

    [LoggerMessage(1300, LogLevel.Error, "Instance recovery failed; retrying next period")]
    private static partial void LogRecoveryError(ILogger logger, Exception exception);
}
