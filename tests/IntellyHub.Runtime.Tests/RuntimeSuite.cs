using IntellyHub.Runtime.Dispatch;
using IntellyHub.Runtime.Instances;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Runtime.Tests.Testing;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using D = IntellyHub.Runtime.Tests.Testing.Definitions;

namespace IntellyHub.Runtime.Tests;

/// <summary>The runtime's behaviour, run on SQLite and on PostgreSQL (the subclasses).</summary>
public abstract class RuntimeSuite(Provider provider) : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private RuntimeTestHost _host = null!;

    protected RuntimeTestHost Host => _host;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _host = new RuntimeTestHost(_database);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static string EventFlow(string id) => D.Chain(id, D.Start, D.WriteLine("before"), D.Event("go"), D.WriteLine("after"));

    [Fact]
    public async Task Save_SameModelTwice_CreatesNoNewVersion()
    {
        var first = await Host.Definitions.SaveAsync(Host.Serializer.Parse(EventFlow("wf")), publish: true);
        var second = await Host.Definitions.SaveAsync(Host.Serializer.Parse(EventFlow("wf")), publish: true);

        Assert.True(first.Changed);
        Assert.False(second.Changed);
        Assert.True(second.AlreadyPublished);
        Assert.Equal(first.Definition.Id, second.Definition.Id);
        Assert.Single(await Host.Definitions.GetVersionsAsync("wf"));
    }

    [Fact]
    public async Task Save_ChangeAfterPublish_CreatesDraftVersionAndPublishMovesFlag()
    {
        await Host.SaveAsync(EventFlow("wf"));
        var draft = await Host.Definitions.SaveAsync(Host.Serializer.Parse(D.Chain("wf", D.Start, D.WriteLine("changed"))), publish: false);

        Assert.True(draft.CreatedVersion);
        Assert.Equal(2, draft.Definition.Version);
        var versions = await Host.Definitions.GetVersionsAsync("wf");
        Assert.Equal([2, 1], versions.Select(v => v.Version));
        Assert.True(versions[1].IsPublished);
        Assert.True(versions[0].IsLatest);
        Assert.False(versions[0].IsPublished);

        await Host.Definitions.PublishAsync("wf");
        versions = await Host.Definitions.GetVersionsAsync("wf");
        Assert.True(versions[0].IsPublished);
        Assert.False(versions[1].IsPublished);
    }

    [Fact]
    public async Task Publish_IndexesTriggers_RetractRemovesThem()
    {
        await Host.SaveAsync(D.Chain("orders", D.Event("order-placed", canStartWorkflow: true), D.WriteLine("got order")));
        await using (var db = Host.CreateContext())
            Assert.Single(await db.Triggers.Where(t => t.DefinitionId == "orders").ToListAsync());

        var started = await Host.Runtime.TriggerAsync("Elsa.Event", new EventStimulus("order-placed"));
        var run = Assert.Single(started.Started);
        Assert.Equal(WorkflowSubStatus.Finished, run.SubStatus);
        Assert.Equal(["got order"], Host.Lines);

        await Host.Definitions.RetractAsync("orders");
        await using (var db = Host.CreateContext())
            Assert.Empty(await db.Triggers.Where(t => t.DefinitionId == "orders").ToListAsync());
        Assert.Empty((await Host.Runtime.TriggerAsync("Elsa.Event", new EventStimulus("order-placed"))).Started);
    }

    [Fact]
    public async Task Revert_MakesOldVersionTheLatestDraft()
    {
        await Host.SaveAsync(D.Chain("wf", D.Start, D.WriteLine("one")));
        await Host.SaveAsync(D.Chain("wf", D.Start, D.WriteLine("two")));

        var reverted = await Host.Definitions.RevertAsync("wf", 1);

        Assert.NotNull(reverted);
        Assert.Equal(3, reverted.Version);
        Assert.Contains("\"one\"", reverted.Data, StringComparison.Ordinal);
        Assert.Null(await Host.Definitions.RevertAsync("wf", 42));
    }

    [Fact]
    public async Task Delete_VersionUsedByInstance_IsKeptHidden()
    {
        var definition = await Host.SaveAsync(EventFlow("wf"));
        var run = await Host.Runtime.ExecuteAsync(new StartWorkflowRequest { DefinitionId = "wf" });

        Assert.Equal(1, await Host.Definitions.DeleteAsync("wf"));

        Assert.Empty(await Host.Definitions.GetVersionsAsync("wf"));
        Assert.NotNull(await Host.Definitions.FindByVersionIdAsync(definition.Id));
        var resumed = await Host.Runtime.ResumeAsync(Assert.Single(run.Bookmarks).Id);
        Assert.Equal(InstanceOperationStatus.Done, resumed.Status);
        Assert.Equal(WorkflowSubStatus.Finished, resumed.Run!.SubStatus);
    }

    [Fact]
    public async Task Execute_SuspendsOnEvent_ResumeFinishesAndJournalIsStored()
    {
        await Host.SaveAsync(EventFlow("wf"));

        var run = await Host.Runtime.ExecuteAsync(new StartWorkflowRequest { DefinitionId = "wf", Input = new Dictionary<string, object?> { ["who"] = "ada" } });

        Assert.Equal(WorkflowSubStatus.Suspended, run.SubStatus);
        var bookmark = Assert.Single(run.Bookmarks);
        await using (var db = Host.CreateContext())
        {
            Assert.Equal(bookmark.Id, Assert.Single(await db.Bookmarks.Where(b => b.WorkflowInstanceId == run.InstanceId).ToListAsync()).Id);
            var instance = await db.WorkflowInstances.SingleAsync(i => i.Id == run.InstanceId);
            Assert.Equal(WorkflowSubStatus.Suspended, instance.SubStatus);
            Assert.Null(instance.LeaseOwner);
        }

        var resumed = await Host.Runtime.ResumeAsync(bookmark.Id, new Dictionary<string, object?> { ["payload"] = "hello" });

        Assert.Equal(InstanceOperationStatus.Done, resumed.Status);
        Assert.Equal(WorkflowSubStatus.Finished, resumed.Run!.SubStatus);
        Assert.Equal(["before", "after"], Host.Lines);
        await using (var db = Host.CreateContext())
        {
            Assert.Empty(await db.Bookmarks.Where(b => b.WorkflowInstanceId == run.InstanceId).ToListAsync());
            var journal = await db.ActivityExecutions.Where(r => r.WorkflowInstanceId == run.InstanceId).OrderBy(r => r.Sequence).ToListAsync();
            Assert.All(journal, r => Assert.Equal(ActivityExecutionStatus.Completed, r.Status));
            Assert.Single(journal, r => r.ActivityType == "Elsa.Event");
            Assert.Equal(2, journal.Count(r => r.ActivityType == "Elsa.WriteLine"));
            Assert.Contains(await db.WorkflowLogs.Where(l => l.WorkflowInstanceId == run.InstanceId).Select(l => l.EventName).ToListAsync(), e => e == "Finished");
        }
    }

    [Fact]
    public async Task Transient_RunFinishedInOneGo_IsNotStored_OneThatWaitsOrFaultsIs()
    {
        static string Transient(string json) => json.Replace("\"variables\":", "\"options\": { \"commitStrategyName\": \"Transient\" }, \"variables\":", StringComparison.Ordinal);
        await Host.SaveAsync(Transient(D.Chain("quick", D.Start, D.WriteLine("hi"), D.SetOutput("Result", "'done'"))));
        await Host.SaveAsync(Transient(EventFlow("waits")));
        await Host.SaveAsync(Transient(D.Chain("fails", D.Start, D.Fault("boom"))));

        var quick = await Host.Runtime.ExecuteAsync(new StartWorkflowRequest { DefinitionId = "quick" });
        var waits = await Host.Runtime.ExecuteAsync(new StartWorkflowRequest { DefinitionId = "waits" });
        var fails = await Host.Runtime.ExecuteAsync(new StartWorkflowRequest { DefinitionId = "fails" });
        var dispatched = await Host.Runtime.DispatchAsync(new StartWorkflowRequest { DefinitionId = "quick" });
        await Host.DrainQueueAsync();

        Assert.Equal(WorkflowSubStatus.Finished, quick.SubStatus);
        Assert.Equal("done", quick.Output["Result"]?.ToString());
        await using var db = Host.CreateContext();
        Assert.Empty(await db.DispatchQueue.ToListAsync());
        Assert.Equal(2, Host.Lines.Count(l => l == "hi"));
        var stored = await db.WorkflowInstances.Select(i => i.Id).ToListAsync();
        Assert.Equal(2, stored.Count);
        Assert.DoesNotContain(quick.InstanceId, stored);
        Assert.DoesNotContain(dispatched, stored);
        Assert.Contains(waits.InstanceId, stored);
        Assert.Contains(fails.InstanceId, stored);
        Assert.Empty(await db.ActivityExecutions.Where(r => r.WorkflowInstanceId == quick.InstanceId).ToListAsync());
    }

    [Fact]
    public async Task Resume_UnknownBookmark_IsTypedNotFound()
    {
        var result = await Host.Runtime.ResumeAsync("no-such-bookmark");

        Assert.Equal(InstanceOperationStatus.BookmarkNotFound, result.Status);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task Resume_SameBookmarkTwice_RunsOnce()
    {
        await Host.SaveAsync(EventFlow("wf"));
        var run = await Host.Runtime.ExecuteAsync(new StartWorkflowRequest { DefinitionId = "wf" });
        var bookmarkId = Assert.Single(run.Bookmarks).Id;

        var first = await Host.Runtime.ResumeAsync(bookmarkId);
        var second = await Host.Runtime.ResumeAsync(bookmarkId);

        Assert.Equal(InstanceOperationStatus.Done, first.Status);
        Assert.Equal(InstanceOperationStatus.BookmarkNotFound, second.Status);
        Assert.Single(Host.Lines, l => l == "after");
    }

    [Fact]
    public async Task Resume_ConcurrentSameStimulus_ResumesExactlyOnce()
    {
        await Host.SaveAsync(EventFlow("wf"));
        var runs = new List<WorkflowRunResult>();
        for (var i = 0; i < 5; i++) runs.Add(await Host.Runtime.ExecuteAsync(new StartWorkflowRequest { DefinitionId = "wf" }));

        // Two hosts (two "replicas") on the same database deliver the same stimulus at once.
        await using var other = new RuntimeTestHost(Host.Database, nodeId: "replica-b");
        var results = await Task.WhenAll(
            Host.Runtime.TriggerAsync("Elsa.Event", new EventStimulus("go")),
            other.Runtime.TriggerAsync("Elsa.Event", new EventStimulus("go")));
        await Host.DrainQueueAsync();
        await other.DrainQueueAsync();

        // Each bookmark was resumed by exactly one of the two; the other found it consumed (or queued and then found it consumed).
        Assert.Equal(5, results.Sum(r => r.Resumed.Count(x => x.Status == InstanceOperationStatus.Done)));
        Assert.All(results.SelectMany(r => r.Resumed), x => Assert.Contains(x.Status, new[] { InstanceOperationStatus.Done, InstanceOperationStatus.BookmarkNotFound, InstanceOperationStatus.Queued }));
        Assert.Equal(5, Host.Lines.Count(l => l == "after") + other.Lines.Count(l => l == "after"));
        await using var db = Host.CreateContext();
        Assert.Equal(5, await db.WorkflowInstances.CountAsync(i => i.SubStatus == WorkflowSubStatus.Finished));
        Assert.Empty(await db.Bookmarks.ToListAsync());
    }

    [Fact]
    public async Task Dispatch_IsRunByWorker()
    {
        await Host.SaveAsync(D.Chain("wf", D.Start, D.WriteLine("dispatched")));

        var instanceId = await Host.Runtime.DispatchAsync(new StartWorkflowRequest { DefinitionId = "wf" });

        Assert.Null(await Host.Runtime.DescribeAsync(instanceId));
        await Host.DrainQueueAsync();
        Assert.Equal(WorkflowSubStatus.Finished, (await Host.Runtime.DescribeAsync(instanceId))!.SubStatus);
        Assert.Equal(["dispatched"], Host.Lines);
        await using var db = Host.CreateContext();
        Assert.Empty(await db.DispatchQueue.ToListAsync());
    }

    [Fact]
    public async Task RunTimeLimit_Passed_CommitsTheRunAsInterrupted_AndItContinuesFromTheQueue()
    {
        await using var host = new RuntimeTestHost(_database, hub: b => b.AddActivity<SlowStep>());
        await host.SaveAsync(D.Chain("wf", D.Start, D.WriteLine("before"), SlowStep.Json("00:00:11"), D.WriteLine("after")));

        var run = await host.Runtime.ExecuteAsync(new StartWorkflowRequest { DefinitionId = "wf", RunTimeLimit = TimeSpan.FromSeconds(10) });

        // The limit passed during the slow step: the run stopped before the next one, was stored, and a Continue queued.
        Assert.Equal(WorkflowSubStatus.Interrupted, run.SubStatus);
        Assert.Equal(["before"], host.Lines);
        await using (var db = host.CreateContext())
        {
            Assert.Equal(WorkflowSubStatus.Interrupted, (await db.WorkflowInstances.SingleAsync(i => i.Id == run.InstanceId)).SubStatus);
            var queued = Assert.Single(await db.DispatchQueue.ToListAsync());
            Assert.Equal((DispatchKind.Continue, run.InstanceId), (queued.Kind, queued.WorkflowInstanceId));
        }

        await host.DrainQueueAsync();

        Assert.Equal(WorkflowSubStatus.Finished, (await host.Runtime.DescribeAsync(run.InstanceId))!.SubStatus);
        Assert.Equal(["before", "after"], host.Lines);

        // Within the limit, a run is not interrupted; a resume has the same limit.
        await host.SaveAsync(D.Chain("wf2", D.Start, D.Event("go"), SlowStep.Json("00:00:05"), D.WriteLine("resumed"), SlowStep.Json("00:00:06"), D.WriteLine("late")));
        var waiting = await host.Runtime.ExecuteAsync(new StartWorkflowRequest { DefinitionId = "wf2", RunTimeLimit = TimeSpan.FromSeconds(10) });
        Assert.Equal(WorkflowSubStatus.Suspended, waiting.SubStatus);
        var resumed = await host.Runtime.ResumeAsync(Assert.Single(waiting.Bookmarks).Id, null, TimeSpan.FromSeconds(10));
        Assert.Equal(WorkflowSubStatus.Interrupted, resumed.Run!.SubStatus);
        Assert.Equal(["before", "after", "resumed"], host.Lines);
        await host.DrainQueueAsync();
        Assert.Equal(["before", "after", "resumed", "late"], host.Lines);
    }

    [Fact]
    public async Task Dispatch_UnknownDefinition_Throws()
    {
        await Assert.ThrowsAsync<WorkflowNotFoundException>(() => Host.Runtime.DispatchAsync(new StartWorkflowRequest { DefinitionId = "missing" }));
    }

    [Fact]
    public async Task Cancel_SuspendedInstance_RemovesBookmarks()
    {
        await Host.SaveAsync(EventFlow("wf"));
        var run = await Host.Runtime.ExecuteAsync(new StartWorkflowRequest { DefinitionId = "wf" });

        var cancelled = await Host.Runtime.CancelAsync(run.InstanceId);

        Assert.Equal(WorkflowSubStatus.Cancelled, cancelled.Run!.SubStatus);
        await using var db = Host.CreateContext();
        Assert.Empty(await db.Bookmarks.ToListAsync());
        Assert.Equal(InstanceOperationStatus.InstanceFinished, (await Host.Runtime.CancelAsync(run.InstanceId)).Status);
    }

    [Fact]
    public async Task CorruptState_MarksInstanceFaultedAndOthersKeepRunning()
    {
        await Host.SaveAsync(EventFlow("wf"));
        var broken = await Host.Runtime.ExecuteAsync(new StartWorkflowRequest { DefinitionId = "wf" });
        var healthy = await Host.Runtime.ExecuteAsync(new StartWorkflowRequest { DefinitionId = "wf" });
        await using (var db = Host.CreateContext())
            await db.WorkflowInstances.Where(i => i.Id == broken.InstanceId).ExecuteUpdateAsync(s => s.SetProperty(i => i.State, "{ not json"));

        var result = await Host.Runtime.ResumeAsync(Assert.Single(broken.Bookmarks).Id);
        var other = await Host.Runtime.ResumeAsync(Assert.Single(healthy.Bookmarks).Id);

        Assert.Equal(InstanceOperationStatus.CorruptState, result.Status);
        Assert.Contains("not valid JSON", result.Message, StringComparison.Ordinal);
        Assert.Equal(WorkflowSubStatus.Finished, other.Run!.SubStatus);
        await using var check = Host.CreateContext();
        var instance = await check.WorkflowInstances.SingleAsync(i => i.Id == broken.InstanceId);
        Assert.Equal(WorkflowSubStatus.Faulted, instance.SubStatus);
        Assert.NotNull(instance.FaultReason);
    }

    [Fact]
    public async Task Retry_FaultedActivity_RunsItAgain()
    {
        await Host.SaveAsync(D.Chain("wf", D.Start, D.Fault("boom")));
        var run = await Host.Runtime.ExecuteAsync(new StartWorkflowRequest { DefinitionId = "wf" });
        Assert.Equal(WorkflowSubStatus.Faulted, run.SubStatus);

        var retried = await Host.Runtime.RetryAsync(run.InstanceId, Assert.Single(run.Incidents).ActivityInstanceId);

        Assert.Equal(InstanceOperationStatus.Done, retried.Status);
        Assert.Equal(WorkflowSubStatus.Faulted, retried.Run!.SubStatus);
        Assert.Equal(2, retried.Run.Incidents.Count);
    }

    [Fact]
    public async Task Trigger_WithIdempotencyKey_StartsOnce()
    {
        await Host.SaveAsync(D.Chain("orders", D.Event("order-placed", canStartWorkflow: true), D.WriteLine("got order")));

        var first = await Host.Runtime.TriggerAsync("Elsa.Event", new EventStimulus("order-placed"), idempotencyKey: "order-1");
        var second = await Host.Runtime.TriggerAsync("Elsa.Event", new EventStimulus("order-placed"), idempotencyKey: "order-1");

        Assert.Single(first.Started);
        Assert.Empty(second.Started);
        Assert.Single(Host.Lines);
    }

    [Fact]
    public async Task Retention_DeletesOldFinishedInstancesWithJournal()
    {
        await Host.SaveAsync(D.Chain("wf", D.Start, D.WriteLine("x")));
        var old = await Host.Runtime.ExecuteAsync(new StartWorkflowRequest { DefinitionId = "wf" });
        Host.Clock.Advance(TimeSpan.FromDays(31));
        var recent = await Host.Runtime.ExecuteAsync(new StartWorkflowRequest { DefinitionId = "wf" });

        var deleted = await Host.Services.GetRequiredService<Retention.RetentionService>().DeleteExpiredAsync(CancellationToken.None);

        Assert.Equal(1, deleted);
        await using var db = Host.CreateContext();
        Assert.Null(await db.WorkflowInstances.FirstOrDefaultAsync(i => i.Id == old.InstanceId));
        Assert.Empty(await db.ActivityExecutions.Where(r => r.WorkflowInstanceId == old.InstanceId).ToListAsync());
        Assert.NotNull(await db.WorkflowInstances.FirstOrDefaultAsync(i => i.Id == recent.InstanceId));
    }

    [Fact]
    public async Task NewInstances_WrittenByTheProvidersFastPath_ReadBackThroughEfAsGiven()
    {
        // Every column of every row kind, once with each optional value set and once with it null: the provider's own
        // INSERTs (not EF's) must store what EF reads back, in the same representation (enum names, times, booleans).
        var at = new DateTimeOffset(2026, 11, 26, 8, 30, 15, TimeSpan.Zero).AddTicks(1230); // whole microseconds: PostgreSQL's precision
        var full = new NewInstanceRows(new WorkflowInstanceRecord
        {
            Id = "fast-1", DefinitionId = "def", DefinitionVersionId = "def-v3", DefinitionVersion = 3, Name = "Orders", CorrelationId = "order-42",
            Status = WorkflowStatus.Running, SubStatus = WorkflowSubStatus.Suspended, IncidentCount = 2, State = """{"id":"fast-1"}""", FaultReason = "none",
            LeaseOwner = "node-a", LeaseExpiresAt = at.AddMinutes(1), CreatedAt = at, UpdatedAt = at.AddSeconds(1), FinishedAt = at.AddSeconds(2),
        });
        full.Bookmarks.Add(new BookmarkRecord
        {
            Id = "bm-1", WorkflowInstanceId = "fast-1", Name = "Elsa.Delay", Hash = "h1", ActivityInstanceId = "ai-1", ActivityNodeId = "Workflow1:delay",
            Payload = """{"resumeAt":"2026-11-26T09:00:00Z"}""", ResumeAt = at.AddHours(1), CreatedAt = at,
        });
        full.Journal.Add(new Journal.ActivityExecutionRow
        {
            WorkflowInstanceId = "fast-1", Id = "ae-1", ActivityId = "delay", ActivityNodeId = "Workflow1:delay", ActivityType = "Elsa.Delay", ActivityTypeVersion = 1,
            ActivityName = "Wait", ParentActivityInstanceId = "ai-0", Sequence = 7, Status = ActivityExecutionStatus.Faulted, StartedAt = at, CompletedAt = at.AddMilliseconds(5),
            HasBookmarks = true, Outcomes = """["Done"]""", Inputs = """{"a":1}""", Outputs = """{"b":2}""", Exception = """{"message":"boom"}""",
        });
        full.Logs.Add(new Journal.WorkflowLogRow { WorkflowInstanceId = "fast-1", EventName = "Faulted", Message = "boom", Payload = """{"x":1}""", Timestamp = at });
        full.IdempotencyKey = new Dispatch.IdempotencyKeyRecord { Key = "key-1", Result = "fast-1", CreatedAt = at };
        var sparse = new NewInstanceRows(new WorkflowInstanceRecord
        {
            Id = "fast-2", DefinitionId = "def", DefinitionVersionId = "def-v3", DefinitionVersion = 3, Status = WorkflowStatus.Finished,
            SubStatus = WorkflowSubStatus.Finished, CreatedAt = at, UpdatedAt = at,
        });
        sparse.Journal.Add(new Journal.ActivityExecutionRow
        {
            WorkflowInstanceId = "fast-2", Id = "ae-2", ActivityId = "start", ActivityNodeId = "Workflow1:start", ActivityType = "Elsa.Start", StartedAt = at,
        });
        sparse.Logs.Add(new Journal.WorkflowLogRow { WorkflowInstanceId = "fast-2", EventName = "Started", Timestamp = at });
        sparse.IdempotencyKey = new Dispatch.IdempotencyKeyRecord { Key = "key-2", CreatedAt = at };

        var database = Host.Services.GetRequiredService<Persistence.IRuntimeDatabase>();
        Assert.True(await database.InsertNewInstancesAsync([full, sparse], CancellationToken.None), $"{provider} has no fast path for new instances");

        await using var db = Host.CreateContext();
        foreach (var given in new[] { full, sparse })
        {
            var id = given.Instance.Id;
            AssertSameRow(given.Instance, await db.WorkflowInstances.AsNoTracking().SingleAsync(i => i.Id == id));
            AssertSameRows(given.Bookmarks, await db.Bookmarks.AsNoTracking().Where(b => b.WorkflowInstanceId == id).ToListAsync());
            AssertSameRows(given.Journal, await db.ActivityExecutions.AsNoTracking().Where(r => r.WorkflowInstanceId == id).ToListAsync());
            var logs = await db.WorkflowLogs.AsNoTracking().Where(l => l.WorkflowInstanceId == id).ToListAsync();
            Assert.All(logs, l => Assert.True(l.Id > 0));
            for (var i = 0; i < logs.Count; i++) logs[i].Id = given.Logs[i].Id; // generated by the database
            AssertSameRows(given.Logs, logs);
            AssertSameRow(given.IdempotencyKey!, await db.IdempotencyKeys.AsNoTracking().SingleAsync(k => k.Key == given.IdempotencyKey!.Key));
        }

        static void AssertSameRows<T>(IReadOnlyList<T> expected, IReadOnlyList<T> actual)
        {
            Assert.Equal(expected.Count, actual.Count);
            for (var i = 0; i < expected.Count; i++) AssertSameRow(expected[i], actual[i]);
        }

        static void AssertSameRow<T>(T expected, T actual) =>
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected), System.Text.Json.JsonSerializer.Serialize(actual));
    }

    [Fact]
    public async Task NewInstance_WithAnIdempotencyKeyAlreadyStored_FailsAsEfWould_AndStoresNothing()
    {
        // Another replica committed the same key first: the start's commit must fail as DbUpdateException (which the
        // trigger and dispatch paths handle), not as the driver's exception, and none of its rows may remain.
        var at = new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);
        await using (var db = Host.CreateContext())
        {
            db.IdempotencyKeys.Add(new Dispatch.IdempotencyKeyRecord { Key = "order-7", Result = "elsewhere", CreatedAt = at });
            await db.SaveChangesAsync();
        }

        var rows = new NewInstanceRows(new WorkflowInstanceRecord
        {
            Id = "dup-1", DefinitionId = "def", DefinitionVersionId = "def-v1", DefinitionVersion = 1, Status = WorkflowStatus.Finished,
            SubStatus = WorkflowSubStatus.Finished, CreatedAt = at, UpdatedAt = at,
        }) { IdempotencyKey = new Dispatch.IdempotencyKeyRecord { Key = "order-7", Result = "dup-1", CreatedAt = at } };
        rows.Logs.Add(new Journal.WorkflowLogRow { WorkflowInstanceId = "dup-1", EventName = "Started", Timestamp = at });

        await Assert.ThrowsAsync<DbUpdateException>(() => Host.Services.GetRequiredService<StartCommitBatcher>().CommitAsync(rows, CancellationToken.None));

        await using var check = Host.CreateContext();
        Assert.False(await check.WorkflowInstances.AnyAsync(i => i.Id == "dup-1"));
        Assert.False(await check.WorkflowLogs.AnyAsync(l => l.WorkflowInstanceId == "dup-1"));
        Assert.Equal("elsewhere", (await check.IdempotencyKeys.SingleAsync(k => k.Key == "order-7")).Result);
    }

    [Fact]
    public async Task Migrations_CoverTheModel()
    {
        await using var db = Host.CreateContext();
        Assert.False(db.Database.HasPendingModelChanges(), $"The {provider} model has changes without a migration: run src/IntellyHub.Runtime/add-migration.sh <Name>.");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task MigrationHistory_ReportsThePendingMigrationsAsEfDoes()
    {
        await using var db = Host.CreateContext();
        var all = db.Database.GetMigrations().ToList();
        Assert.True(all.Count > 1);
        Assert.Empty(await MigrationHistory.GetPendingMigrationsAsync(db));

        // One migration missing from the history, then no history table at all (a new database).
        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {0}", all[1]);
        Assert.Equal([all[1]], await MigrationHistory.GetPendingMigrationsAsync(db));
        Assert.Equal(await db.Database.GetPendingMigrationsAsync(), await MigrationHistory.GetPendingMigrationsAsync(db));

        await db.Database.ExecuteSqlRawAsync("DROP TABLE \"__EFMigrationsHistory\"");
        Assert.Equal(all, await MigrationHistory.GetPendingMigrationsAsync(db));
        Assert.Equal(await db.Database.GetPendingMigrationsAsync(), await MigrationHistory.GetPendingMigrationsAsync(db));
    }
}

public sealed class SqliteRuntimeTests() : RuntimeSuite(Provider.Sqlite);

public sealed class PostgreSqlRuntimeTests() : RuntimeSuite(Provider.PostgreSql);
