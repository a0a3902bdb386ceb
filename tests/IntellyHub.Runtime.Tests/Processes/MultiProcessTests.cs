using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using IntellyHub.Runtime.Instances;
using IntellyHub.Runtime.Tests.Testing;
using IntellyHub.Workflows.Execution;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using D = IntellyHub.Runtime.Tests.Testing.Definitions;

namespace IntellyHub.Runtime.Tests.Processes;

/// <summary>
/// The runtime across real OS processes (tests/IntellyHub.Runtime.ProcessHost): a server killed with
/// SIGKILL while an instance waits on a timer or runs a slow activity, two servers sharing queued slow
/// starts, and two replicas delivering the same stimuli at once. The tests observe the outcome by polling the database, with bounded waits.
/// They are one class, so they run one after another (each starts several processes on two cores).
/// </summary>
[Trait("Category", "Processes")]
public sealed partial class MultiProcessTests(ITestOutputHelper output)
{
    // Short leases so a dead process's instance leases and queue claims expire quickly.
    private const string LeaseSeconds = "2";
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Outcome = TimeSpan.FromSeconds(60);
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    private static string SlowActivity(int milliseconds) =>
        $$"""{ "type": "IntellyHub.Test.Slow", "version": 1, "id": "?", "milliseconds": { "typeName": "Int32", "expression": { "type": "Literal", "value": "{{milliseconds}}" } } }""";

    // An Event whose name comes from the workflow input "event": each instance waits for its own event.
    private static string EventFromInput =>
        """{ "type": "Elsa.Event", "version": 1, "id": "?", "customProperties": { "canStartWorkflow": false }, "eventName": { "typeName": "String", "expression": { "type": "JavaScript", "value": "getInput('event')" } } }""";

    [Theory]
    [InlineData(Provider.PostgreSql)]
    [InlineData(Provider.Sqlite)]
    public async Task ServerKilledWhileInstanceWaitsOnDelay_NextServerFinishesItOnce(Provider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var host = await PublishAsync(database, D.Chain("delayed", D.Start, D.Delay("00:00:02"), D.WriteLine("after delay"), D.SetOutput("Result", "'done'")));
        Phase("database ready, definition published");
        var children = new List<ChildProcess>();
        try
        {
            // Server 1 takes the queued start and runs it until the Delay suspends it; its timer would resume it in 2 s.
            var first = await ServeAsync(database, "delay-1", children);
            Phase("server 1 ready");
            var instanceId = await host.Runtime.DispatchAsync(new StartWorkflowRequest { DefinitionId = "delayed" });
            Phase("start dispatched");
            await WaitUntilAsync(async () => (await FindInstanceAsync(database, instanceId))?.SubStatus == WorkflowSubStatus.Suspended, "the instance is suspended on the Delay");
            Phase("instance suspended");

            await first.KillAsync();
            Phase("server 1 killed");
            var suspended = await FindInstanceAsync(database, instanceId);
            Assert.Equal(WorkflowSubStatus.Suspended, suspended!.SubStatus);
            Assert.DoesNotContain("after delay", first.Lines);

            // Server 2 knows nothing of the timer but what the database holds (SQLite: the bookmark, rescheduled at start;
            // PostgreSQL: Quartz's job, which server 1 had acquired and the cluster hands over once its check-ins stop).
            var second = await ServeAsync(database, "delay-2", children);
            Phase("server 2 ready");
            await WaitUntilAsync(async () => (await FindInstanceAsync(database, instanceId))?.Status == WorkflowStatus.Finished, "the instance finishes");
            Phase("instance finished");

            await AssertFinishedOnceAsync(database, instanceId, ["Elsa.Start", "Elsa.Delay", "Elsa.WriteLine", "Elsa.SetOutput"]);
            Assert.Single(second.Lines, l => l == "after delay");
            Assert.DoesNotContain("after delay", first.Lines);
        }
        finally
        {
            await StopAllAsync(children);
        }
    }

    [Theory]
    [InlineData(Provider.PostgreSql)]
    [InlineData(Provider.Sqlite)]
    public async Task ServerKilledDuringSlowActivity_NextServerRunsItAgainAndCommitsOnce(Provider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var host = await PublishAsync(database, D.Chain("slow", D.Start, D.WriteLine("before slow"), SlowActivity(3000), D.SetOutput("Result", "'done'")));
        Phase("database ready, definition published");
        var marker = Path.Combine(Path.GetTempPath(), "ih-tests", $"slow-{Guid.NewGuid():N}.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
        var environment = new Dictionary<string, string> { ["IH_SLOW_MARKER"] = marker };
        var children = new List<ChildProcess>();
        try
        {
            // Server 1 claims the queued start and is killed while the slow activity runs: nothing of that run is committed.
            var first = await ServeAsync(database, "slow-1", children, environment);
            Phase("server 1 ready");
            var instanceId = await host.Runtime.DispatchAsync(new StartWorkflowRequest { DefinitionId = "slow" });
            Phase("start dispatched");
            await WaitUntilAsync(() => Task.FromResult(MarkerLines(marker).Contains($"slow-start {instanceId}")), "the slow activity starts");
            Phase("slow activity started");

            await first.KillAsync();
            Phase("server 1 killed");
            Assert.DoesNotContain($"slow-done {instanceId}", MarkerLines(marker));
            Assert.Null(await FindInstanceAsync(database, instanceId));
            await using (var db = database.CreateContext())
                Assert.Equal(instanceId, (await db.DispatchQueue.SingleAsync()).WorkflowInstanceId);

            // Server 2 claims the start once server 1's claim expires and runs the whole workflow again.
            var second = await ServeAsync(database, "slow-2", children, environment);
            Phase("server 2 ready");
            await WaitUntilAsync(async () => (await FindInstanceAsync(database, instanceId))?.Status == WorkflowStatus.Finished, "the instance finishes");
            Phase("instance finished");

            // Activities run at least once: the slow one STARTED twice (and "before slow" was written twice, once by
            // each server), because server 1 died before committing. A committed result is never redone: the journal
            // holds each activity once, completed, and the slow activity finished once.
            await AssertFinishedOnceAsync(database, instanceId, ["Elsa.Start", "Elsa.WriteLine", "IntellyHub.Test.Slow", "Elsa.SetOutput"]);
            var lines = MarkerLines(marker);
            Assert.Equal(2, lines.Count(l => l == $"slow-start {instanceId}"));
            Assert.Single(lines, l => l == $"slow-done {instanceId}");
            Assert.Single(first.Lines, l => l == "before slow");
            Assert.Single(second.Lines, l => l == "before slow");
        }
        finally
        {
            await StopAllAsync(children);
            File.Delete(marker);
        }
    }

    [Fact]
    public async Task TwoServersShareQueuedSlowStarts_WithoutCrash_NoneRunsTwice()
    {
        await using var database = await TestDatabase.CreateAsync(Provider.PostgreSql);
        await using var host = await PublishAsync(database, D.Chain("slow", D.Start, SlowActivity(2500)));
        Phase("database ready, definition published");
        var marker = Path.Combine(Path.GetTempPath(), "ih-tests", $"slow-{Guid.NewGuid():N}.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
        var environment = new Dictionary<string, string> { ["IH_SLOW_MARKER"] = marker };
        var children = new List<ChildProcess>();
        try
        {
            await ServeAsync(database, "share-1", children, environment);
            await ServeAsync(database, "share-2", children, environment);
            Phase("servers ready");

            // Four starts queued at once: a worker claims them together, and each takes longer than a lease (2 s).
            List<string> instanceIds = [];
            for (var i = 0; i < 4; i++) instanceIds.Add(await host.Runtime.DispatchAsync(new StartWorkflowRequest { DefinitionId = "slow" }));
            await WaitUntilAsync(async () =>
            {
                await using var db = database.CreateContext();
                return await db.WorkflowInstances.CountAsync(i => i.SubStatus == WorkflowSubStatus.Finished) == 4;
            }, "the four instances finish");
            Phase("instances finished");

            // No process died, so nothing ran twice: the claims of items waiting in a worker's batch did not expire
            // while the worker ran the items before them (the other server would have taken those items too).
            var lines = MarkerLines(marker);
            Assert.All(instanceIds, id => Assert.Single(lines, l => l == $"slow-start {id}"));
            await using var check = database.CreateContext();
            Assert.Empty(await check.DispatchQueue.ToListAsync());
        }
        finally
        {
            await StopAllAsync(children);
            File.Delete(marker);
        }
    }

    [Fact]
    public async Task TwoReplicasDeliverTheSameThousandStimuli_EachBookmarkIsResumedExactlyOnce()
    {
        const int Count = 1000;
        await using var database = await TestDatabase.CreateAsync(Provider.PostgreSql);
        await using var host = await PublishAsync(database, D.Chain("replicas", D.Start, EventFromInput, D.WriteLine("after event")));
        Phase("database ready, definition published");
        var children = new List<ChildProcess>();
        try
        {
            // 1,000 instances, instance i waiting for the event "evt-i" (created in this process: only the stimuli matter here).
            await Parallel.ForEachAsync(Enumerable.Range(0, Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
                await host.Runtime.ExecuteAsync(new StartWorkflowRequest { DefinitionId = "replicas", Input = new Dictionary<string, object?> { ["event"] = $"evt-{i:D4}" } }, ct));
            Phase("instances created");
            await using (var db = database.CreateContext())
            {
                Assert.Equal(Count, await db.WorkflowInstances.CountAsync(i => i.SubStatus == WorkflowSubStatus.Suspended));
                Assert.Equal(Count, await db.Bookmarks.CountAsync());
            }

            // Two replicas, both serving their dispatch queue, deliver the same 1,000 stimuli at the same moment.
            // Replica A queues a resume as soon as the instance is busy in B (lease wait 0); B waits for A's lease.
            var a = Start(database, "replica-a", children, "stimuli", "--count", $"{Count}", "--event-prefix", "evt-", "--wait-go", "--lease-wait", "0", "--parallel", "16");
            var b = Start(database, "replica-b", children, "stimuli", "--count", $"{Count}", "--event-prefix", "evt-", "--wait-go", "--lease-wait", "2000", "--parallel", "16");
            await a.WaitForLineAsync(l => l.StartsWith("ready", StringComparison.Ordinal), Startup);
            await b.WaitForLineAsync(l => l.StartsWith("ready", StringComparison.Ordinal), Startup);
            Phase("replicas ready");
            await Task.WhenAll(a.SendLineAsync("go"), b.SendLineAsync("go"));
            var exits = await Task.WhenAll(a.WaitForExitAsync(TimeSpan.FromSeconds(120)), b.WaitForExitAsync(TimeSpan.FromSeconds(120)));
            var summaries = new[] { Summary(a), Summary(b) };
            Phase($"replicas exited\n{summaries[0]}\n{summaries[1]}");
            Assert.True(exits.All(code => code == 0), $"{a.Describe()}\n{b.Describe()}");

            // Each replica had an answer for every stimulus, none of them an error.
            var statuses = summaries.Select(s => s.GetProperty("statuses").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32())).ToList();
            Assert.All(statuses, s => Assert.DoesNotContain(s.Keys, k => k.StartsWith("error", StringComparison.Ordinal)));
            Assert.All(statuses, s => Assert.Equal(Count, s.Values.Sum()));
            Assert.True(statuses.Sum(s => s.GetValueOrDefault("Done")) <= Count);

            await using var check = database.CreateContext();
            Assert.Empty(await check.Bookmarks.ToListAsync());
            Assert.Empty(await check.DispatchQueue.ToListAsync());
            Assert.Equal(0, await check.WorkflowInstances.CountAsync(i => i.Status == WorkflowStatus.Running));
            Assert.Equal(Count, await check.WorkflowInstances.CountAsync(i => i.SubStatus == WorkflowSubStatus.Finished && i.LeaseOwner == null));

            // Every bookmark was resumed exactly once: one Resumed entry per instance, and the activities after the
            // event ran (and were journaled) once per instance.
            var resumes = await check.WorkflowLogs.Where(l => l.EventName == "Resumed").GroupBy(l => l.WorkflowInstanceId).Select(g => g.Count()).ToListAsync();
            Assert.Equal(Count, resumes.Count);
            Assert.All(resumes, n => Assert.Equal(1, n));
            foreach (var type in new[] { "Elsa.Event", "Elsa.WriteLine" })
            {
                var rows = await check.ActivityExecutions.Where(r => r.ActivityType == type)
                    .GroupBy(r => r.WorkflowInstanceId).Select(g => new { Rows = g.Count(), Completed = g.Count(r => r.Status == ActivityExecutionStatus.Completed) }).ToListAsync();
                Assert.Equal(Count, rows.Count);
                Assert.All(rows, r => Assert.Equal((1, 1), (r.Rows, r.Completed)));
            }

            // Activities run at least once: a run whose lease expired on this loaded machine (2 s leases) wrote its line,
            // but its result was discarded and its resume queued again (status Queued), so nothing was committed twice.
            var written = a.Lines.Count(l => l == "after event") + b.Lines.Count(l => l == "after event");
            Phase($"\"after event\" written {written} times");
            Assert.True(written >= Count);
        }
        finally
        {
            await StopAllAsync(children);
        }
    }

    [Fact]
    public async Task TwoServersOnOnePostgreSql_OneSecondCronForTenSeconds_EachOccurrenceRunsOnce()
    {
        const int misfireThresholdSeconds = 5;
        await using var database = await TestDatabase.CreateAsync(Provider.PostgreSql);
        // Each run writes its scheduled fire time (on the stdout of the server whose worker ran it).
        const string tick = """{ "type": "Elsa.WriteLine", "version": 1, "id": "?", "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "'tick ' + getInput('scheduledFireTime')" } } }""";
        await using var host = await PublishAsync(database, D.Chain("ticker", D.Cron("* * * * * ?"), tick));
        Phase("database ready, one-second cron flow published");
        var children = new List<ChildProcess>();
        try
        {
            string[] threshold = ["--misfire-threshold", misfireThresholdSeconds.ToString(CultureInfo.InvariantCulture)];
            var servers = new[] { Start(database, "cron-1", children, ["serve", .. threshold]), Start(database, "cron-2", children, ["serve", .. threshold]) };
            foreach (var server in servers) await server.WaitForLineAsync(l => l.StartsWith("ready", StringComparison.Ordinal), Startup);
            Phase("both servers ready");

            // Ten seconds of occurrences once both run, from the next whole second.
            var clock = TimeProvider.System;
            var ready = clock.GetUtcNow();
            var windowStart = new DateTimeOffset(ready.Ticks - ready.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(2);
            var windowEnd = windowStart.AddSeconds(10);
            await Task.Delay(windowEnd - clock.GetUtcNow() + TimeSpan.FromSeconds(1));
            await host.Definitions.RetractAsync("ticker");
            Phase("ten seconds passed, flow retracted");
            await WaitUntilAsync(async () =>
            {
                await using var db = database.CreateContext();
                return !await db.DispatchQueue.AnyAsync() && !await db.WorkflowInstances.AnyAsync(i => i.Status != WorkflowStatus.Finished);
            }, "every queued start has run");
            Phase("queue drained");

            // Per scheduled fire time: one firing in the whole cluster (each server logs its firings) and one instance.
            List<DateTimeOffset> fired;
            await using (var db = database.CreateContext())
                fired = [.. (await db.IdempotencyKeys.Where(k => k.Key.StartsWith(IntellyHub.Runtime.Scheduling.TimerScheduler.IdempotencyKeyPrefix)).Select(k => k.Key).ToListAsync())
                    .Select(k => new DateTimeOffset(long.Parse(k[^19..], CultureInfo.InvariantCulture), TimeSpan.Zero)).Order()];
            await using (var db = database.CreateContext())
                Assert.Equal(fired.Count, await db.WorkflowInstances.CountAsync(i => i.DefinitionId == "ticker" && i.SubStatus == WorkflowSubStatus.Finished));
            var firings = servers.SelectMany(s => FiredFor().Matches(s.Errors).Select(m => DateTimeOffset.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))).ToList();
            var perServer = servers.Select(s => FiredFor().Matches(s.Errors).Count).ToList();
            output.WriteLine($"{fired.Count} occurrences started ({string.Join(", ", fired.Select(f => f.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)))}); firings per server: {string.Join(" / ", perServer)}");
            Assert.All(firings.GroupBy(f => f), g => Assert.True(g.Count() == 1, $"the occurrence at {g.Key:O} fired {g.Count()} times"));
            Assert.Equal(fired, firings.Order().ToList());
            Assert.All(servers, s => Assert.DoesNotContain("fired again", s.Errors, StringComparison.Ordinal));

            // Every occurrence of the window ran; a gap could only come from a misfire (a firing later than the threshold).
            var window = fired.Where(f => f >= windowStart && f < windowEnd).ToList();
            var around = fired.Where(f => f >= windowStart.AddSeconds(-misfireThresholdSeconds) && f <= windowEnd.AddSeconds(misfireThresholdSeconds)).ToList();
            Assert.True(MaxGap(around) <= TimeSpan.FromSeconds(misfireThresholdSeconds + 1), $"a gap of {MaxGap(around)} between occurrences");
            Assert.True(window.Count >= 10 - misfireThresholdSeconds, $"only {window.Count} of 10 occurrences ran");
            output.WriteLine($"{window.Count} of the 10 occurrences in the window ran");
        }
        finally
        {
            await StopAllAsync(children);
        }
    }

    private static TimeSpan MaxGap(List<DateTimeOffset> times) =>
        times.Count < 2 ? TimeSpan.Zero : times.Zip(times.Skip(1), (a, b) => b - a).Max();

    [GeneratedRegex(@"fired for (\S+): start")]
    private static partial Regex FiredFor();

    // ---- helpers -----------------------------------------------------------------------------------

    /// <summary>The runtime in this process (no background services, the real clock as the children have), with the definition published.</summary>
    private static async Task<RuntimeTestHost> PublishAsync(TestDatabase database, string json)
    {
        var host = new RuntimeTestHost(database, nodeId: "test", systemClock: true);
        await host.SaveAsync(json);
        return host;
    }

    private static ChildProcess Start(TestDatabase database, string node, List<ChildProcess> children, params string[] command) =>
        Start(database, node, children, null, command);

    private static ChildProcess Start(TestDatabase database, string node, List<ChildProcess> children, IReadOnlyDictionary<string, string>? environment, params string[] command)
    {
        string[] common =
        [
            "--provider", database.Provider == Provider.PostgreSql ? "pg" : "sqlite",
            "--connection", database.ConnectionString,
            "--node", node,
            "--lease", LeaseSeconds,
        ];
        var child = ChildProcess.Start(node, [.. command, .. common], environment);
        children.Add(child);
        return child;
    }

    private static async Task<ChildProcess> ServeAsync(TestDatabase database, string node, List<ChildProcess> children, IReadOnlyDictionary<string, string>? environment = null)
    {
        var child = Start(database, node, children, environment, "serve");
        await child.WaitForLineAsync(l => l == $"ready {node}", Startup);
        return child;
    }

    private static JsonElement Summary(ChildProcess child) =>
        JsonDocument.Parse(child.Lines.Last(l => l.StartsWith('{'))).RootElement.Clone();

    private static async Task<WorkflowInstanceRecord?> FindInstanceAsync(TestDatabase database, string instanceId)
    {
        await using var db = database.CreateContext();
        return await db.WorkflowInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId);
    }

    /// <summary>Finished once: one instance row, each activity journaled once and completed, one Started and one Finished log entry, nothing left waiting.</summary>
    private static async Task AssertFinishedOnceAsync(TestDatabase database, string instanceId, string[] activityTypes)
    {
        await using var db = database.CreateContext();
        var instance = await db.WorkflowInstances.SingleAsync();
        Assert.Equal((instanceId, WorkflowSubStatus.Finished, (string?)null), (instance.Id, instance.SubStatus, instance.LeaseOwner));
        var journal = await db.ActivityExecutions.Where(r => r.WorkflowInstanceId == instanceId).ToListAsync();
        foreach (var type in activityTypes)
            Assert.Equal(ActivityExecutionStatus.Completed, Assert.Single(journal, r => r.ActivityType == type).Status);
        Assert.All(journal, r => Assert.Equal(ActivityExecutionStatus.Completed, r.Status));
        var log = await db.WorkflowLogs.Where(l => l.WorkflowInstanceId == instanceId).Select(l => l.EventName).ToListAsync();
        Assert.Single(log, e => e == "Started");
        Assert.Single(log, e => e == "Finished");
        Assert.Empty(await db.Bookmarks.ToListAsync());
        Assert.Empty(await db.DispatchQueue.ToListAsync());
    }

    private static List<string> MarkerLines(string path) =>
        File.Exists(path) ? [.. File.ReadAllLines(path)] : [];

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > Outcome) throw new TimeoutException($"Timed out after {Outcome} waiting until {what}.");
            await Task.Delay(50);
        }
    }

    private void Phase(string what) => output.WriteLine($"{_watch.Elapsed.TotalSeconds,6:F1} s  {what}");

    private async Task StopAllAsync(List<ChildProcess> children)
    {
        foreach (var child in children)
        {
            await child.DisposeAsync();
            output.WriteLine(child.Describe());
        }
    }
}
