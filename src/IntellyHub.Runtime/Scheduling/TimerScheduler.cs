using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IntellyHub.Runtime.Dispatch;
using IntellyHub.Runtime.Instances;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Workflows.Activities.Scheduling;
using IntellyHub.Workflows.Execution;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace IntellyHub.Runtime.Scheduling;

/// <summary>A timed bookmark and when it is due.</summary>
public readonly record struct TimedBookmarkDue(string BookmarkId, string WorkflowInstanceId, DateTimeOffset ResumeAt);

/// <summary>
/// Everything timed goes through Quartz.NET: one job per published timer, cron or start-at trigger (keyed by definition
/// version and activity id, so scheduling again changes nothing and every replica names it alike), and one one-shot job
/// per timed bookmark (keyed by bookmark id). A trigger's firing queues a start whose idempotency key (and instance id)
/// derives from the trigger and its scheduled fire time, so even a repeated firing starts the workflow once; a
/// bookmark's firing queues its resume. On SQLite the jobs live in memory and are rebuilt from the triggers and
/// bookmarks tables at start; on PostgreSQL they live in Quartz's tables, shared by a cluster of replicas in which each
/// firing runs on one replica, and are checked against those tables at start too (a process may have died between its
/// commit and its scheduling call).
/// </summary>
/// <remarks>
/// Quartz is given the runtime's <see cref="TimeProvider"/> (its "now", fire times, misfire decisions); IntellyHub's own
/// computations (when a missed trigger runs again, idempotency keys) use the same clock. Quartz's scheduler thread still
/// sleeps on the wall clock until the next fire time, so firings happen in real time.
/// </remarks>
public sealed partial class TimerScheduler(
    IServiceProvider services,
    IRuntimeDatabase database,
    IDbContextFactory<IntellyHubDbContext> dbFactory,
    IOptions<SchedulerOptions> options,
    TimeProvider clock,
    ILoggerFactory loggerFactory) : IAsyncDisposable
{
    /// <summary>The activity types whose triggers are scheduled here.</summary>
    public static readonly IReadOnlyList<string> TriggerTypes = ["Elsa.Timer", "Elsa.Cron", "Elsa.StartAt"];

    /// <summary>Prefix of the idempotency keys of timed starts (<c>timer:{versionId}:{activityId}:{fire time in UTC ticks}</c>).</summary>
    public const string IdempotencyKeyPrefix = "timer:";

    /// <summary>The workflow input of a timed start holding the scheduled fire time (ISO 8601, UTC).</summary>
    public const string ScheduledFireTimeInput = "scheduledFireTime";

    internal const string ContextKey = "IntellyHub.TimerScheduler";
    internal const string VersionKey = "definitionVersionId";
    internal const string ActivityKey = "activityId";
    internal const string InstanceKey = "workflowInstanceId";
    private const string TriggerGroupPrefix = "ih.trigger.";
    private const string BookmarkGroup = "ih.bookmark";

    // How trigger payloads are written (StimulusHasher.ToPayload).
    private static readonly JsonSerializerOptions PayloadOptions = new(JsonSerializerDefaults.Web);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger = loggerFactory.CreateLogger<TimerScheduler>();
    private StandaloneSchedulerFactory? _factory;
    private IScheduler? _scheduler;

    // ---- lifecycle ---------------------------------------------------------------------------------

    /// <summary>Completes once this process fires timers (<see cref="StartAsync"/> succeeded).</summary>
    public Task Started => _started.Task;

    /// <summary>Reconciles the schedule with the database, then starts firing.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ReconcileAsync(cancellationToken);
        // Quartz's start is not cancelled: on PostgreSQL it begins with the cluster check-in, and a start cancelled
        // there leaves the cluster manager half built, so that shutting the scheduler down later throws (seen when a
        // host was stopped right after it started). The start is that one query.
        await (await GetSchedulerAsync(cancellationToken)).Start(CancellationToken.None);
        _started.TrySetResult();
    }

    /// <summary>Stops firing (waits for firings in progress: each only queues work).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _scheduler) is { Status: SchedulerStatus.Running } scheduler) await scheduler.Shutdown(true, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        _gate.Dispose();
    }

    /// <summary>
    /// Makes the schedule match the database: a job for every timed trigger of a published version (missing ones are
    /// scheduled from their last firing, so the misfire policy decides about what was missed) and for every timed
    /// bookmark; jobs of triggers that are gone are removed.
    /// </summary>
    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var scheduler = await GetSchedulerAsync(cancellationToken);
        var wanted = (await LoadTriggersAsync(null, cancellationToken)).ToDictionary(TriggerJobKey);
        var removed = 0;
        foreach (var group in (await scheduler.GetJobGroupNames(cancellationToken)).Where(g => g.StartsWith(TriggerGroupPrefix, StringComparison.Ordinal)))
        {
            foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(group), cancellationToken))
            {
                if (wanted.ContainsKey(key)) continue;
                await scheduler.DeleteJob(key, cancellationToken);
                removed++;
            }
        }

        var scheduled = 0;
        foreach (var (key, row) in wanted)
        {
            if (await scheduler.Exists(key, cancellationToken)) continue;
            if (await ScheduleTriggerAsync(scheduler, key, row, sinceLastFire: true, cancellationToken)) scheduled++;
        }

        var bookmarks = await LoadTimedBookmarksAsync(dueBy: null, cancellationToken);
        var bookmarksScheduled = 0;
        foreach (var bookmark in bookmarks)
        {
            if (await scheduler.Exists(BookmarkJobKey(bookmark.BookmarkId), cancellationToken)) continue;
            await ScheduleBookmarkAsync(scheduler, bookmark, cancellationToken);
            bookmarksScheduled++;
        }

        LogReconciled(_logger, wanted.Count, scheduled, removed, bookmarks.Count, bookmarksScheduled);
    }

    // ---- workflow triggers ------------------------------------------------------------------------

    /// <summary>
    /// Makes the jobs of one definition match its published timed triggers (after publish, retract, delete): jobs of
    /// other versions are removed, missing ones scheduled. Failures are logged (the next start reconciles).
    /// </summary>
    public async Task SyncDefinitionAsync(string definitionId, CancellationToken cancellationToken)
    {
        try
        {
            var scheduler = await GetSchedulerAsync(cancellationToken);
            var wanted = (await LoadTriggersAsync(definitionId, cancellationToken)).ToDictionary(TriggerJobKey);
            foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(TriggerGroupPrefix + definitionId), cancellationToken))
                if (!wanted.ContainsKey(key)) await scheduler.DeleteJob(key, cancellationToken);
            foreach (var (key, row) in wanted)
                if (!await scheduler.Exists(key, cancellationToken)) await ScheduleTriggerAsync(scheduler, key, row, sinceLastFire: false, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogSyncFailed(_logger, definitionId, exception);
        }
    }

    /// <summary>A trigger's firing: queues one start for this scheduled fire time, unless the trigger is no longer published.</summary>
    internal async Task FireTriggerAsync(string definitionVersionId, string activityId, DateTimeOffset scheduledFireTime, CancellationToken cancellationToken)
    {
        var key = IdempotencyKey(definitionVersionId, activityId, scheduledFireTime);
        var instanceId = InstanceIdFor(key);
        bool published, done;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            published = await db.Triggers.AnyAsync(t => t.DefinitionVersionId == definitionVersionId && t.ActivityId == activityId, cancellationToken);
            done = await db.IdempotencyKeys.AnyAsync(k => k.Key == key, cancellationToken)
                || await db.DispatchQueue.AnyAsync(q => q.WorkflowInstanceId == instanceId, cancellationToken);
        }

        if (!published)
        {
            LogNotPublished(_logger, definitionVersionId, activityId);
            return;
        }

        if (done)
        {
            LogRepeatedFiring(_logger, definitionVersionId, activityId, scheduledFireTime);
            return;
        }

        await services.GetRequiredService<WorkflowRuntime>().DispatchAsync(new StartWorkflowRequest
        {
            DefinitionVersionId = definitionVersionId,
            TriggerActivityId = activityId,
            InstanceId = instanceId,
            IdempotencyKey = key,
            Input = new Dictionary<string, object?> { [ScheduledFireTimeInput] = scheduledFireTime.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) },
        }, cancellationToken);
        LogFired(_logger, definitionVersionId, activityId, scheduledFireTime, instanceId);
    }

    /// <summary>The idempotency key of the start for one scheduled fire time of a trigger.</summary>
    public static string IdempotencyKey(string definitionVersionId, string activityId, DateTimeOffset scheduledFireTime) =>
        $"{IdempotencyKeyPrefix}{definitionVersionId}:{activityId}:{scheduledFireTime.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}";

    // The same key gives the same instance id on every replica: two queued starts of one firing cannot both commit.
    private static string InstanceIdFor(string idempotencyKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)).AsSpan(0, 8));

    // sinceLastFire: at start (the job is missing) the schedule resumes from the last firing, or the publication, and
    // the misfire policy decides about what was missed; when publishing it starts now.
    private async Task<bool> ScheduleTriggerAsync(IScheduler scheduler, JobKey key, TriggerRow row, bool sinceLastFire, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var lastFire = await LastFireAsync(row, cancellationToken);
        var triggers = BuildTriggers(key, row, lastFire, sinceLastFire ? lastFire ?? row.PublishedAt : now, now);
        if (triggers.Count == 0) return false;
        var job = JobBuilder.Create<WorkflowTriggerJob>().WithIdentity(key)
            .UsingJobData(VersionKey, row.DefinitionVersionId).UsingJobData(ActivityKey, row.ActivityId)
            .RequestRecovery().Build();
        try
        {
            await scheduler.ScheduleJob(job, triggers, new ScheduleJobOptions(), cancellationToken);
        }
        catch (ObjectAlreadyExistsException)
        {
            // Another replica scheduled it at the same moment: same key, same schedule.
        }

        return true;
    }

    /// <summary>
    /// The Quartz triggers of a workflow trigger whose schedule runs from <paramref name="since"/>: what was missed
    /// between then and now is decided here by the misfire policy, as Quartz decides for a store that kept the trigger
    /// (RunOnce: one firing now; Skip: none). Empty when a start-at trigger has nothing left to do.
    /// </summary>
    private List<ITrigger> BuildTriggers(JobKey key, TriggerRow row, DateTimeOffset? lastFire, DateTimeOffset since, DateTimeOffset now)
    {
        var builder = TriggerBuilder.Create(clock).WithIdentity(key.Name, key.Group);
        switch (row.Name)
        {
            case "Elsa.Timer":
            {
                var stimulus = Payload<TimerTriggerStimulus>(row);
                var runOnce = stimulus.MisfirePolicy == TimerMisfirePolicy.RunOnce;
                var first = since + stimulus.Interval;
                var start = first > now ? first
                    : runOnce ? now
                    : since + stimulus.Interval * (Math.Floor((now - since) / stimulus.Interval) + 1);
                return [builder.StartAt(start).WithSchedule(SimpleScheduleBuilder.Create().WithInterval(stimulus.Interval).RepeatForever()
                    .WithMisfireInstruction(runOnce ? SimpleTriggerMisfireInstruction.NowWithExistingCount : SimpleTriggerMisfireInstruction.NextWithRemainingCount)).Build()];
            }
            case "Elsa.Cron":
            {
                var stimulus = Payload<CronTriggerStimulus>(row);
                var runOnce = stimulus.MisfirePolicy == TimerMisfirePolicy.RunOnce;
                // Quartz starts a new cron trigger at its next occurrence after now: a missed one is caught up by a one-shot trigger.
                List<ITrigger> triggers = [builder.StartAt(now).WithSchedule(CronScheduleBuilder.Create(stimulus.CronExpression).InTimeZone(TimeZoneInfo.Utc)
                    .WithMisfireInstruction(runOnce ? CronTriggerMisfireInstruction.FireAndProceed : CronTriggerMisfireInstruction.DoNothing)).Build()];
                if (runOnce && CronSchedule.GetNextOccurrence(stimulus.CronExpression, since) is { } missed && missed <= now)
                    triggers.Add(TriggerBuilder.Create(clock).WithIdentity(key.Name + ":missed", key.Group).StartAt(now)
                        .WithSchedule(SimpleScheduleBuilder.Create().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)).Build());
                return triggers;
            }
            case "Elsa.StartAt":
            {
                var stimulus = Payload<StartAtTriggerStimulus>(row);
                var runOnce = stimulus.MisfirePolicy == TimerMisfirePolicy.RunOnce;
                if (lastFire is { } fired && stimulus.DateTime <= fired) return [];
                if (!runOnce && stimulus.DateTime < now - options.Value.MisfireThreshold) return [];
                return [builder.StartAt(stimulus.DateTime > now ? stimulus.DateTime : now).WithSchedule(SimpleScheduleBuilder.Create()
                    .WithMisfireInstruction(runOnce ? SimpleTriggerMisfireInstruction.FireNow : SimpleTriggerMisfireInstruction.NextWithRemainingCount)).Build()];
            }
            default:
                return [];
        }
    }

    private async Task<DateTimeOffset?> LastFireAsync(TriggerRow row, CancellationToken cancellationToken)
    {
        var prefix = $"{IdempotencyKeyPrefix}{row.DefinitionVersionId}:{row.ActivityId}:";
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var last = await db.IdempotencyKeys.AsNoTracking().Where(k => k.Key.StartsWith(prefix)).OrderByDescending(k => k.Key).Select(k => k.Key).FirstOrDefaultAsync(cancellationToken);
        return last is not null && last.Length == prefix.Length + 19 && long.TryParse(last.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : null;
    }

    private async Task<List<TriggerRow>> LoadTriggersAsync(string? definitionId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var triggers = db.Triggers.AsNoTracking().Where(t => TriggerTypes.Contains(t.Name));
        if (definitionId is not null) triggers = triggers.Where(t => t.DefinitionId == definitionId);
        return await triggers.Join(db.WorkflowDefinitions, t => t.DefinitionVersionId, d => d.Id,
                (t, d) => new TriggerRow(t.DefinitionId, t.DefinitionVersionId, t.ActivityId, t.Name, t.Payload, d.UpdatedAt))
            .ToListAsync(cancellationToken);
    }

    private static T Payload<T>(TriggerRow row) =>
        JsonSerializer.Deserialize<T>(row.Payload ?? "null", PayloadOptions)
        ?? throw new InvalidOperationException($"The {row.Name} trigger of activity '{row.ActivityId}' has no payload.");

    /// <summary>The names of the jobs scheduled for a definition's triggers (<c>{versionId}:{activityId}</c>).</summary>
    internal async Task<IReadOnlyList<string>> GetTriggerJobsAsync(string definitionId, CancellationToken cancellationToken)
    {
        var scheduler = await GetSchedulerAsync(cancellationToken);
        return [.. (await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(TriggerGroupPrefix + definitionId), cancellationToken)).Select(k => k.Name).Order(StringComparer.Ordinal)];
    }

    private static JobKey TriggerJobKey(TriggerRow row) => new($"{row.DefinitionVersionId}:{row.ActivityId}", TriggerGroupPrefix + row.DefinitionId);

    // ---- timed bookmarks --------------------------------------------------------------------------

    /// <summary>Schedules the resume of timed bookmarks at their due time. Failures are logged (the next start reconciles).</summary>
    public async Task ScheduleBookmarksAsync(IReadOnlyCollection<TimedBookmarkDue> bookmarks, CancellationToken cancellationToken)
    {
        if (bookmarks.Count == 0) return;
        try
        {
            var scheduler = await GetSchedulerAsync(cancellationToken);
            foreach (var bookmark in bookmarks) await ScheduleBookmarkAsync(scheduler, bookmark, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogBookmarksFailed(_logger, bookmarks.Count, exception);
        }
    }

    /// <summary>Removes the jobs of bookmarks that were resumed or cancelled. Failures are logged (a stale job finds no bookmark).</summary>
    public async Task UnscheduleBookmarksAsync(IReadOnlyCollection<string> bookmarkIds, CancellationToken cancellationToken)
    {
        if (bookmarkIds.Count == 0) return;
        try
        {
            var scheduler = await GetSchedulerAsync(cancellationToken);
            await scheduler.DeleteJobs([.. bookmarkIds.Select(BookmarkJobKey)], cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogBookmarksFailed(_logger, bookmarkIds.Count, exception);
        }
    }

    /// <summary>
    /// Queues the resume of every timed bookmark that is due by the runtime's clock now; returns how many. Quartz fires
    /// on the wall clock, so a host that drives its clock (tests on a fake clock) calls this after moving it.
    /// </summary>
    public async Task<int> ResumeDueBookmarksAsync(CancellationToken cancellationToken)
    {
        var due = await LoadTimedBookmarksAsync(clock.GetUtcNow(), cancellationToken);
        foreach (var bookmark in due) await BookmarkDueAsync(bookmark.BookmarkId, bookmark.WorkflowInstanceId, cancellationToken);
        return due.Count;
    }

    /// <summary>The stored timed bookmarks (those due by <paramref name="dueBy"/> when given).</summary>
    private async Task<List<TimedBookmarkDue>> LoadTimedBookmarksAsync(DateTimeOffset? dueBy, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var timed = db.Bookmarks.AsNoTracking().Where(b => b.ResumeAt != null);
        if (dueBy is { } limit) timed = timed.Where(b => b.ResumeAt <= limit);
        return (await timed.Select(b => new { b.Id, b.WorkflowInstanceId, b.ResumeAt }).ToListAsync(cancellationToken))
            .Select(b => new TimedBookmarkDue(b.Id, b.WorkflowInstanceId, b.ResumeAt!.Value)).ToList();
    }

    /// <summary>A bookmark's due time: queues its resume, unless it is gone or already queued.</summary>
    internal async Task BookmarkDueAsync(string bookmarkId, string instanceId, CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.Bookmarks.AnyAsync(b => b.Id == bookmarkId, cancellationToken)) return;
            if (await db.DispatchQueue.AnyAsync(q => q.BookmarkId == bookmarkId, cancellationToken)) return;
        }

        await services.GetRequiredService<WorkflowRuntime>().EnqueueAsync(
            new DispatchItem { Kind = DispatchKind.Resume, WorkflowInstanceId = instanceId, BookmarkId = bookmarkId }, cancellationToken);
    }

    /// <summary>The timed bookmarks among <paramref name="bookmarks"/> (those with a due time).</summary>
    public static List<TimedBookmarkDue> Timed(string instanceId, IEnumerable<Bookmark> bookmarks) =>
        [.. bookmarks.Select(b => InstanceRows.ResumeAtOf(b) is { } due ? new TimedBookmarkDue(b.Id, instanceId, due) : (TimedBookmarkDue?)null).OfType<TimedBookmarkDue>()];

    private async Task ScheduleBookmarkAsync(IScheduler scheduler, TimedBookmarkDue bookmark, CancellationToken cancellationToken)
    {
        var key = BookmarkJobKey(bookmark.BookmarkId);
        var job = JobBuilder.Create<BookmarkDueJob>().WithIdentity(key).UsingJobData(InstanceKey, bookmark.WorkflowInstanceId).RequestRecovery().Build();
        // Due while no server ran (or in the past already): it fires as soon as a scheduler is up.
        var trigger = TriggerBuilder.Create(clock).WithIdentity(key.Name, key.Group).StartAt(bookmark.ResumeAt)
            .WithSchedule(SimpleScheduleBuilder.Create().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)).Build();
        try
        {
            await scheduler.ScheduleJob(job, trigger, new ScheduleJobOptions(), cancellationToken);
        }
        catch (ObjectAlreadyExistsException)
        {
            // Scheduled already (by this commit's retry, or by another replica's reconciliation).
        }
    }

    private static JobKey BookmarkJobKey(string bookmarkId) => new(bookmarkId, BookmarkGroup);

    // ---- failed firings ---------------------------------------------------------------------------

    /// <summary>Firings that failed in this process and were tried again (or given up on); tests wait for it.</summary>
    internal int FailedFirings => Volatile.Read(ref _failedFirings);

    private int _failedFirings;

    /// <summary>
    /// A firing failed (queuing its start or resume threw: the database unreachable, a deadlock): the same job fires again
    /// after <see cref="SchedulerOptions.FiringRetryDelay"/>, doubled at each further failure up to ten minutes, at most
    /// <see cref="SchedulerOptions.FiringRetries"/> times. A retry of a trigger's occurrence keeps that occurrence's fire
    /// time, so its idempotency key is the same and it starts the flow at most once, on whichever replica it runs. After the
    /// last retry the occurrence is logged as lost; a timed bookmark is then resumed by the next start's reconciliation.
    /// </summary>
    internal async Task RetryFiringAsync(IJobExecutionContext context, DateTimeOffset? fireTime, Exception exception, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _failedFirings);
        var job = context.JobDetail.Key;
        var attempt = (context.Trigger.JobDataMap.TryGetValue(RetryAttemptKey, out var previous)
            && int.TryParse(previous?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0) + 1;
        var settings = options.Value;
        if (attempt > settings.FiringRetries)
        {
            LogFiringLost(_logger, job.ToString(), attempt - 1, exception);
            return;
        }

        var delay = TimeSpan.FromTicks(Math.Min(settings.FiringRetryDelay.Ticks * (1L << Math.Min(attempt - 1, 20)), MaxRetryDelay.Ticks));
        var builder = TriggerBuilder.Create(clock)
            .WithIdentity($"{job.Name}:retry:{fireTime?.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) ?? "due"}:{attempt.ToString(CultureInfo.InvariantCulture)}", job.Group)
            .ForJob(job)
            .StartAt(clock.GetUtcNow() + delay)
            .UsingJobData(RetryAttemptKey, attempt.ToString(CultureInfo.InvariantCulture))
            .WithSchedule(SimpleScheduleBuilder.Create().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow));
        if (fireTime is { } time) builder = builder.UsingJobData(RetryFireTimeKey, time.UtcTicks.ToString(CultureInfo.InvariantCulture));
        LogFiringFailed(_logger, job.ToString(), attempt, delay, exception);
        try
        {
            await context.Scheduler.ScheduleJob(builder.Build(), new ScheduleJobOptions(), cancellationToken);
        }
        catch (ObjectAlreadyExistsException)
        {
            // The same retry was scheduled already (a recovered firing of this one).
        }
    }

    /// <summary>The fire time a retry repeats (null for a first firing).</summary>
    internal static DateTimeOffset? RetriedFireTime(IJobExecutionContext context) =>
        context.Trigger.JobDataMap.TryGetValue(RetryFireTimeKey, out var value)
        && long.TryParse(value?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : null;

    private const string RetryAttemptKey = "retryAttempt";
    private const string RetryFireTimeKey = "retryFireTime";
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(10);

    // ---- the Quartz scheduler ---------------------------------------------------------------------

    /// <summary>The scheduler that owns a firing (jobs have no container of their own to resolve it from).</summary>
    internal static TimerScheduler From(IJobExecutionContext context) =>
        context.Scheduler.Context.TryGetValue(ContextKey, out var owner) && owner is TimerScheduler scheduler
            ? scheduler
            : throw new InvalidOperationException("The Quartz scheduler was not built by IntellyHub's TimerScheduler.");

    private async Task<IScheduler> GetSchedulerAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _scheduler) is { } built) return built;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_scheduler is not null) return _scheduler;
            var settings = options.Value;
            // Quartz logs through the host's logging (Serilog in the server): what it builds in its container, and
            // the few places that log without one, through a provider that is static, so shared by every host in the
            // process (tests run several side by side): it must outlive this host's logging.
            Quartz.Diagnostics.LogProvider.SetLogProvider(new SharedQuartzLoggerFactory(loggerFactory));
            var factory = QuartzSchedulerBuilder.Create(quartz =>
            {
                quartz.Services.AddSingleton(loggerFactory);
                quartz.UseTimeProvider(clock);
                quartz.ConfigureScheduler(o =>
                {
                    o.InstanceName = "IntellyHub";
                    if (settings.InstanceId != SchedulerOptions.AutoInstanceId) o.InstanceId = settings.InstanceId;
                });
                quartz.UseDefaultThreadPool(settings.ThreadCount);
                database.ConfigureScheduler(quartz, settings);
            }).Build();
            var scheduler = await factory.GetScheduler(cancellationToken);
            scheduler.Context.Add(ContextKey, this);
            _factory = factory;
            Volatile.Write(ref _scheduler, scheduler);
            return scheduler;
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed record TriggerRow(string DefinitionId, string DefinitionVersionId, string ActivityId, string Name, string? Payload, DateTimeOffset PublishedAt);

    [LoggerMessage(1300, LogLevel.Information, "Timer schedule reconciled: {Triggers} timed triggers ({Scheduled} scheduled, {Removed} stale removed), {Bookmarks} timed bookmarks ({BookmarksScheduled} scheduled)")]
    private static partial void LogReconciled(ILogger logger, int triggers, int scheduled, int removed, int bookmarks, int bookmarksScheduled);

    [LoggerMessage(1301, LogLevel.Error, "Scheduling the timed triggers of definition {DefinitionId} failed; they are scheduled at the next start")]
    private static partial void LogSyncFailed(ILogger logger, string definitionId, Exception exception);

    [LoggerMessage(1302, LogLevel.Error, "Scheduling or unscheduling {Count} timed bookmarks failed; the next start reconciles them")]
    private static partial void LogBookmarksFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(1303, LogLevel.Information, "Timed trigger of activity {ActivityId} (definition version {DefinitionVersionId}) fired for {ScheduledFireTime:O}: start {WorkflowInstanceId} queued")]
    private static partial void LogFired(ILogger logger, string definitionVersionId, string activityId, DateTimeOffset scheduledFireTime, string workflowInstanceId);

    [LoggerMessage(1304, LogLevel.Warning, "Timed trigger of activity {ActivityId} (definition version {DefinitionVersionId}) fired again for {ScheduledFireTime:O}; the start exists already")]
    private static partial void LogRepeatedFiring(ILogger logger, string definitionVersionId, string activityId, DateTimeOffset scheduledFireTime);

    [LoggerMessage(1306, LogLevel.Warning, "Timer firing {Job} failed (attempt {Attempt}); it fires again in {Delay}")]
    private static partial void LogFiringFailed(ILogger logger, string job, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(1307, LogLevel.Error, "Timer firing {Job} failed again after {Retries} retries and is given up; a timed bookmark is resumed by the next start's reconciliation, a trigger's occurrence is lost")]
    private static partial void LogFiringLost(ILogger logger, string job, int retries, Exception exception);

    [LoggerMessage(1305, LogLevel.Information, "Timed trigger of activity {ActivityId} fired, but definition version {DefinitionVersionId} is no longer published; nothing started")]
    private static partial void LogNotPublished(ILogger logger, string definitionVersionId, string activityId);

    /// <summary>
    /// The logger factory given to Quartz's static log provider: this host's, until that is disposed (its host stopped
    /// while another host in the process still runs a scheduler); then Quartz's static loggers log nothing instead of
    /// failing the other scheduler's start with <see cref="ObjectDisposedException"/>.
    /// </summary>
    private sealed class SharedQuartzLoggerFactory(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName)
        {
            try
            {
                return inner.CreateLogger(categoryName);
            }
            catch (ObjectDisposedException)
            {
                return Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
            }
        }

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        /// <summary>Not this factory's to dispose: the host disposes its own.</summary>
        public void Dispose()
        {
        }
    }
}
