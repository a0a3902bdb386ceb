using Quartz;

namespace IntellyHub.Runtime.Scheduling;

/// <summary>
/// The Quartz job of a published timer, cron or start-at trigger: queues the start for the scheduled fire time. A firing
/// that fails (the database unreachable) is tried again later for the same fire time (<see cref="TimerScheduler.RetryFiringAsync"/>).
/// </summary>
public sealed class WorkflowTriggerJob : IJob
{
    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var data = context.MergedJobDataMap;
        var versionId = Text(data, TimerScheduler.VersionKey);
        var activityId = Text(data, TimerScheduler.ActivityKey);
        // A retry carries the fire time of the occurrence it repeats: its idempotency key, and its start's input.
        var fireTime = TimerScheduler.RetriedFireTime(context) ?? context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        var timers = TimerScheduler.From(context);
        try
        {
            await timers.FireTriggerAsync(versionId, activityId, fireTime, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            await timers.RetryFiringAsync(context, fireTime, exception, cancellationToken);
        }
    }

    internal static string Text(JobDataMap data, string key) =>
        data.TryGetValue(key, out var value) && value?.ToString() is { Length: > 0 } text ? text : throw new JobExecutionException($"The job has no '{key}'.");
}

/// <summary>The Quartz job of a timed bookmark: queues its resume when it is due, and again later if that fails.</summary>
public sealed class BookmarkDueJob : IJob
{
    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var instanceId = WorkflowTriggerJob.Text(context.MergedJobDataMap, TimerScheduler.InstanceKey);
        var timers = TimerScheduler.From(context);
        try
        {
            await timers.BookmarkDueAsync(context.JobDetail.Key.Name, instanceId, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            await timers.RetryFiringAsync(context, null, exception, cancellationToken);
        }
    }
}
