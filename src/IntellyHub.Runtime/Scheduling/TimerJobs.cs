using Quartz;

namespace IntellyHub.Runtime.Scheduling;

/// <summary>The Quartz job of a published timer, cron or start-at trigger: queues the start for the scheduled fire time.</summary>
public sealed class WorkflowTriggerJob : IJob
{
    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var data = context.MergedJobDataMap;
        await TimerScheduler.From(context).FireTriggerAsync(
            Text(data, TimerScheduler.VersionKey), Text(data, TimerScheduler.ActivityKey), context.ScheduledFireTimeUtc ?? context.FireTimeUtc, cancellationToken);
    }

    internal static string Text(JobDataMap data, string key) =>
        data.TryGetValue(key, out var value) && value?.ToString() is { Length: > 0 } text ? text : throw new JobExecutionException($"The job has no '{key}'.");
}

/// <summary>The Quartz job of a timed bookmark: queues its resume when it is due.</summary>
public sealed class BookmarkDueJob : IJob
{
    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await TimerScheduler.From(context).BookmarkDueAsync(context.JobDetail.Key.Name, WorkflowTriggerJob.Text(context.MergedJobDataMap, TimerScheduler.InstanceKey), cancellationToken);
}
