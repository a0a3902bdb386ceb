using System.Diagnostics;
using System.Globalization;
using IntellyHub.Runtime.Instances;
using IntellyHub.Runtime.Scheduling;
using IntellyHub.Runtime.Tests.Testing;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.State;
using Microsoft.EntityFrameworkCore;
using D = IntellyHub.Runtime.Tests.Testing.Definitions;

namespace IntellyHub.Runtime.Tests.Scheduling;

/// <summary>
/// Timers through Quartz.NET, on SQLite and on PostgreSQL (the subclasses): delays resumed when due, published cron,
/// timer and start-at flows started on schedule, retract and republish, and the misfire policy after downtime. Quartz fires on
/// the wall clock, so these hosts run on the real clock and the tests wait (bounded) for what they expect.
/// </summary>
public abstract class TimerSuite(Provider provider) : IAsyncLifetime
{
    private static readonly TimeSpan Outcome = TimeSpan.FromSeconds(30);
    private static readonly TimeProvider Clock = TimeProvider.System; // the clock Quartz fires on
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private RuntimeTestHost NewHost() => new(_database, systemClock: true, scheduler: o => o.MisfireThreshold = TimeSpan.FromSeconds(1));

    [Fact]
    public async Task Delay_OfTwoSeconds_IsResumedWhenDue()
    {
        await using var host = NewHost();
        await host.Timers.StartAsync(CancellationToken.None);
        await host.SaveAsync(D.Chain("wf", D.Start, D.Delay("00:00:02"), D.WriteLine("after delay")));
        var watch = Stopwatch.StartNew();

        var run = await host.Runtime.ExecuteAsync(new StartWorkflowRequest { DefinitionId = "wf" });
        Assert.Equal(WorkflowSubStatus.Suspended, run.SubStatus);
        await WaitUntilAsync(host, async () => (await host.Runtime.DescribeAsync(run.InstanceId))!.Status == WorkflowStatus.Finished, "the delay is resumed");

        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1.9), $"resumed after {watch.Elapsed}");
        Assert.Equal(["after delay"], host.Lines);
        await using var db = host.CreateContext();
        Assert.Empty(await db.Bookmarks.ToListAsync());
    }

    [Fact]
    public async Task QuartzStaticLogging_OutlivesTheHostThatSetIt()
    {
        // Quartz's log provider is static: a host stopped while another in the process still starts its scheduler
        // (tests side by side, an app with two hosts) must not leave it pointing at a disposed logger factory.
        await using (var host = NewHost()) await host.Timers.StartAsync(CancellationToken.None);

        var logger = Quartz.Diagnostics.LogProvider.CreateLogger("IntellyHub.Tests");
        Assert.NotNull(logger);
    }

    [Fact]
    public async Task CronFlow_StartsOnSchedule_RetractStopsIt_RepublishReschedulesOnce()
    {
        await using var host = NewHost();
        var v1 = await host.SaveAsync(D.Chain("cron", D.Cron("* * * * * ?"), D.WriteLine("tick")));
        Assert.Equal([$"{v1.Id}:a0"], await host.Timers.GetTriggerJobsAsync("cron", CancellationToken.None));
        await host.Timers.StartAsync(CancellationToken.None);

        await WaitUntilAsync(host, async () => await CountAsync(host, "cron") >= 2, "two occurrences start the flow");
        await AssertOneInstancePerFireTimeAsync(host, "cron");

        // Retracted: the job is gone and nothing more starts (what was queued before is drained first).
        await host.Definitions.RetractAsync("cron");
        Assert.Empty(await host.Timers.GetTriggerJobsAsync("cron", CancellationToken.None));
        await host.DrainQueueAsync();
        await Task.Delay(500);
        await host.DrainQueueAsync();
        var afterRetract = await CountAsync(host, "cron");
        await Task.Delay(2000);
        await host.DrainQueueAsync();
        Assert.Equal(afterRetract, await CountAsync(host, "cron"));

        // Published again, and synchronized twice more: one job, and the flow starts again.
        await host.Definitions.PublishAsync("cron");
        await host.Timers.SyncDefinitionAsync("cron", CancellationToken.None);
        await host.Timers.SyncDefinitionAsync("cron", CancellationToken.None);
        Assert.Equal([$"{v1.Id}:a0"], await host.Timers.GetTriggerJobsAsync("cron", CancellationToken.None));
        await WaitUntilAsync(host, async () => await CountAsync(host, "cron") > afterRetract, "the republished flow starts again");

        // A new version replaces the old one's job.
        var v2 = await host.SaveAsync(D.Chain("cron", D.Cron("* * * * * ?"), D.WriteLine("tock")));
        Assert.Equal([$"{v2.Id}:a0"], await host.Timers.GetTriggerJobsAsync("cron", CancellationToken.None));
        await WaitUntilAsync(host, () => Task.FromResult(host.Lines.Contains("tock")), "the new version starts");
        await AssertOneInstancePerFireTimeAsync(host, "cron");
    }

    [Fact]
    public async Task TimerFlow_StartsEveryInterval()
    {
        await using var host = NewHost();
        await host.SaveAsync(D.Chain("timer", D.Timer("00:00:01"), D.WriteLine("tick")));
        await host.Timers.StartAsync(CancellationToken.None);

        await WaitUntilAsync(host, async () => await CountAsync(host, "timer") >= 2, "two intervals start the flow");

        var times = await AssertOneInstancePerFireTimeAsync(host, "timer");
        Assert.Equal(TimeSpan.FromSeconds(1), times[1] - times[0]);
    }

    [Fact]
    public async Task StartAtFlow_StartsOnceAtTheMoment()
    {
        await using var host = NewHost();
        var at = Clock.GetUtcNow().AddSeconds(3);
        await host.SaveAsync(D.Chain("once", D.StartAt(at), D.WriteLine("ran")));
        await host.Timers.StartAsync(CancellationToken.None);

        await WaitUntilAsync(host, async () => await CountAsync(host, "once") == 1, "the flow starts at the moment");
        await Task.Delay(1500);
        await host.DrainQueueAsync();

        Assert.Equal(1, await CountAsync(host, "once"));
        Assert.True(Clock.GetUtcNow() >= at);
        var fired = Assert.Single(await AssertOneInstancePerFireTimeAsync(host, "once"));
        // At the moment, or (when this loaded machine started the scheduler more than the misfire threshold late) later: never before.
        Assert.True(fired >= at.AddMilliseconds(-1), $"fired for {fired:O}, due at {at:O}");
        Assert.Empty(await host.Timers.GetTriggerJobsAsync("once", CancellationToken.None));
    }

    [Theory]
    [InlineData("RunOnce", 1)]
    [InlineData("Skip", 0)]
    public async Task CronFlow_OccurrenceMissedWhileDown_FollowsMisfirePolicy(string policy, int expected)
    {
        // A daily cron whose occurrence is three seconds away, published by a server that then stops.
        var now = Clock.GetUtcNow();
        var at = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(3);
        await using (var first = NewHost())
            await first.SaveAsync(D.Chain("daily", D.Cron(string.Create(CultureInfo.InvariantCulture, $"{at.Second} {at.Minute} {at.Hour} * * ?"), policy), D.WriteLine("ran")));
        var downtime = at + TimeSpan.FromSeconds(2.5) - Clock.GetUtcNow();
        if (downtime > TimeSpan.Zero) await Task.Delay(downtime);

        // The next server starts well after the occurrence (beyond the 1 s misfire threshold).
        await using var second = NewHost();
        await second.Timers.StartAsync(CancellationToken.None);
        if (expected > 0) await WaitUntilAsync(second, async () => await CountAsync(second, "daily") >= expected, "the missed occurrence runs");
        await Task.Delay(2000);
        await second.DrainQueueAsync();

        Assert.Equal(expected, await CountAsync(second, "daily"));
        Assert.Equal(expected, second.Lines.Count(l => l == "ran"));
    }

    [Fact]
    public async Task Delay_WhoseResumeFailsToQueue_IsQueuedByARetry()
    {
        await using var host = RetryingHost();
        await host.Timers.StartAsync(CancellationToken.None);
        await host.SaveAsync(D.Chain("wf", D.Start, D.Delay("00:00:02"), D.WriteLine("after delay")));
        var run = await host.Runtime.ExecuteAsync(new StartWorkflowRequest { DefinitionId = "wf" });
        Assert.Equal(WorkflowSubStatus.Suspended, run.SubStatus);

        // The database refuses the resume's queue entry when the delay is due, and again at the first retry.
        await BlockQueueAsync(host, blocked: true);
        await WaitUntilAsync(host, () => Task.FromResult(host.Timers.FailedFirings >= 2), "the resume fails twice");
        Assert.Equal(WorkflowStatus.Running, (await host.Runtime.DescribeAsync(run.InstanceId))!.Status);
        await BlockQueueAsync(host, blocked: false);

        await WaitUntilAsync(host, async () => (await host.Runtime.DescribeAsync(run.InstanceId))!.Status == WorkflowStatus.Finished, "a retry resumes the delay");
        Assert.Equal(["after delay"], host.Lines);
    }

    [Fact]
    public async Task CronOccurrence_WhoseStartFailsToQueue_StartsOnceByARetry()
    {
        await using var host = RetryingHost();
        await host.SaveAsync(D.Chain("cron", D.Cron("* * * * * ?"), D.WriteLine("tick")));
        await BlockQueueAsync(host, blocked: true);
        await host.Timers.StartAsync(CancellationToken.None);
        await WaitUntilAsync(host, () => Task.FromResult(host.Timers.FailedFirings >= 2), "occurrences fail to start");
        // Blocked a while longer, so an occurrence more than a second before the unblocking surely fired while blocked.
        await Task.Delay(1500);
        Assert.Equal(0, await CountAsync(host, "cron"));
        var unblockedAt = Clock.GetUtcNow();
        await BlockQueueAsync(host, blocked: false);

        // An occurrence that fired while the queue refused it starts later, with its own fire time, exactly once.
        await WaitUntilAsync(host, async () => (await AssertOneInstancePerFireTimeAsync(host, "cron")).Any(t => t < unblockedAt - TimeSpan.FromSeconds(1)),
            "an occurrence missed while blocked starts by a retry");
        await host.Definitions.RetractAsync("cron");
        await host.DrainQueueAsync();
        await AssertOneInstancePerFireTimeAsync(host, "cron");
    }

    private RuntimeTestHost RetryingHost() => new(_database, systemClock: true, scheduler: o =>
    {
        o.MisfireThreshold = TimeSpan.FromSeconds(1);
        o.FiringRetryDelay = TimeSpan.FromMilliseconds(300);
    });

    // Makes the database refuse (or accept again) new dispatch queue entries: what a firing writes.
    private async Task BlockQueueAsync(RuntimeTestHost host, bool blocked)
    {
        await using var db = host.CreateContext();
        var sql = (provider, blocked) switch
        {
            (Provider.Sqlite, true) => "CREATE TRIGGER ih_test_block BEFORE INSERT ON dispatch_queue BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;",
            (Provider.Sqlite, false) => "DROP TRIGGER ih_test_block;",
            (_, true) => "ALTER TABLE dispatch_queue ADD CONSTRAINT ih_test_block CHECK (false) NOT VALID;",
            _ => "ALTER TABLE dispatch_queue DROP CONSTRAINT ih_test_block;",
        };
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    private static async Task<int> CountAsync(RuntimeTestHost host, string definitionId)
    {
        await using var db = host.CreateContext();
        return await db.WorkflowInstances.CountAsync(i => i.DefinitionId == definitionId);
    }

    // Every instance started by the schedule has its own scheduled fire time (its input) and idempotency key.
    private static async Task<List<DateTimeOffset>> AssertOneInstancePerFireTimeAsync(RuntimeTestHost host, string definitionId)
    {
        await using var db = host.CreateContext();
        var states = await db.WorkflowInstances.Where(i => i.DefinitionId == definitionId).Select(i => i.State!).ToListAsync();
        var times = states.Select(s => DateTimeOffset.Parse(WorkflowStateSerializer.Deserialize(s).Input[TimerScheduler.ScheduledFireTimeInput]!.ToString()!, CultureInfo.InvariantCulture))
            .Order().ToList();
        Assert.Equal(times.Count, times.Distinct().Count());
        Assert.Equal(times.Count, await db.IdempotencyKeys.CountAsync(k => k.Key.StartsWith(TimerScheduler.IdempotencyKeyPrefix)));
        return times;
    }

    // Real time: the dispatch queue is served (as a server's workers would) until the condition holds.
    private static async Task WaitUntilAsync(RuntimeTestHost host, Func<Task<bool>> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            await host.DrainQueueAsync();
            if (await condition()) return;
            if (watch.Elapsed > Outcome) throw new TimeoutException($"Timed out waiting until {what}.");
            await Task.Delay(100);
        }
    }
}

public sealed class SqliteTimerTests() : TimerSuite(Provider.Sqlite);

public sealed class PostgreSqlTimerTests() : TimerSuite(Provider.PostgreSql);
