using IntellyHub.Runtime.Persistence;
using IntellyHub.Workflows.Execution;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntellyHub.Runtime.Retention;

/// <summary>Deletes finished instances older than the retention period, with their journal and logs, in batches.</summary>
public sealed partial class RetentionService(
    IDbContextFactory<IntellyHubDbContext> dbFactory,
    IOptions<RuntimeOptions> options,
    TimeProvider clock,
    ILogger<RetentionService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Retention is null) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var deleted = await DeleteExpiredAsync(stoppingToken);
                if (deleted > 0) LogDeleted(logger, deleted);
                await Task.Delay(options.Value.RetentionSweepInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogRetentionError(logger, exception);
                await Task.Delay(options.Value.RetentionSweepInterval, clock, stoppingToken);
            }
        }
    }

    /// <summary>Deletes every expired instance, one batch per transaction; returns how many.</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Retention is not { } retention) return 0;
        var cutoff = clock.GetUtcNow() - retention;
        var total = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var ids = await db.WorkflowInstances
                .Where(i => i.Status == WorkflowStatus.Finished && i.FinishedAt != null && i.FinishedAt < cutoff)
                .OrderBy(i => i.FinishedAt).Select(i => i.Id).Take(options.Value.RetentionBatchSize).ToListAsync(cancellationToken);
            if (ids.Count == 0) return total;
            await db.ActivityExecutions.Where(r => ids.Contains(r.WorkflowInstanceId)).ExecuteDeleteAsync(cancellationToken);
            await db.WorkflowLogs.Where(r => ids.Contains(r.WorkflowInstanceId)).ExecuteDeleteAsync(cancellationToken);
            await db.Bookmarks.Where(r => ids.Contains(r.WorkflowInstanceId)).ExecuteDeleteAsync(cancellationToken);
            await db.WorkflowInstances.Where(i => ids.Contains(i.Id)).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            total += ids.Count;
            if (ids.Count < options.Value.RetentionBatchSize) return total;
        }
    }

    [LoggerMessage(1400, LogLevel.Information, "Retention deleted {Count} finished workflow instances")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(1401, LogLevel.Error, "Retention sweep failed; retrying next period")]
    private static partial void LogRetentionError(ILogger logger, Exception exception);
}
