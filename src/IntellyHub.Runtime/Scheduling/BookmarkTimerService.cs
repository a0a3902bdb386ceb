using IntellyHub.Runtime.Dispatch;
using IntellyHub.Runtime.Instances;
using IntellyHub.Runtime.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IntellyHub.Runtime.Scheduling;

/// <summary>
/// Resumes timed bookmarks (<c>Elsa.Delay</c>) when they are due, by queueing their resume. It sleeps
/// until the next due time, or until this process creates a timed bookmark, at most a minute (for
/// bookmarks created by other replicas). Bookmarks that fell due while every server was down are
/// resumed at start.
/// </summary>
public sealed partial class BookmarkTimerService(
    IDbContextFactory<IntellyHubDbContext> dbFactory,
    WorkflowRuntime runtime,
    DispatchSignal signal,
    TimeProvider clock,
    ILogger<BookmarkTimerService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxSleep = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan sleep;
            try
            {
                sleep = await ResumeDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogTimerError(logger, exception);
                sleep = TimeSpan.FromSeconds(5);
            }

            await signal.WaitForTimersAsync(sleep, clock, stoppingToken);
        }
    }

    /// <summary>Queues the resume of every due bookmark; returns how long to sleep until the next one.</summary>
    public async Task<TimeSpan> ResumeDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        List<(string Id, string InstanceId)> due;
        DateTimeOffset? next;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            due = (await db.Bookmarks.Where(b => b.ResumeAt != null && b.ResumeAt <= now)
                    .Where(b => !db.DispatchQueue.Any(q => q.BookmarkId == b.Id))
                    .OrderBy(b => b.ResumeAt).Take(500)
                    .Select(b => new { b.Id, b.WorkflowInstanceId }).ToListAsync(cancellationToken))
                .Select(b => (b.Id, b.WorkflowInstanceId)).ToList();
            next = await db.Bookmarks.Where(b => b.ResumeAt != null && b.ResumeAt > now).MinAsync(b => b.ResumeAt, cancellationToken);
        }

        foreach (var (bookmarkId, instanceId) in due)
            await runtime.EnqueueAsync(new DispatchItem { Kind = DispatchKind.Resume, WorkflowInstanceId = instanceId, BookmarkId = bookmarkId }, cancellationToken);

        if (due.Count == 500) return TimeSpan.Zero;
        if (next is null) return MaxSleep;
        var wait = next.Value - now;
        return wait < MaxSleep ? wait : MaxSleep;
    }

    [LoggerMessage(1200, LogLevel.Error, "Timer service failed; retrying shortly")]
    private static partial void LogTimerError(ILogger logger, Exception exception);
}
