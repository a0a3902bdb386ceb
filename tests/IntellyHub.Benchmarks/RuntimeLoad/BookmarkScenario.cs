using System.Diagnostics;
using System.Globalization;
using IntellyHub.Runtime.Instances;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IntellyHub.Benchmarks.RuntimeLoad;

/// <summary>
/// Goal (b), PostgreSQL: with 1,000,000 suspended instances each waiting on its own Event bookmark, the lookup a
/// stimulus causes stays fast (p99 ≤ 5 ms) and the process memory stays flat. The instances are clones of one
/// real suspended instance made by INSERT … SELECT generate_series (ids, event name and stimulus hash substituted
/// in the stored state), so every one of them can really be resumed.
/// </summary>
public static class BookmarkScenario
{
    private const string BookmarkName = "Elsa.Event";
    private const int Chunk = 100_000;

    public static string Definition => """
        {
          "definitionId": "load-wait", "name": "load-wait",
          "variables": [ { "id": "v-result", "name": "Result", "typeName": "Object" } ],
          "root": { "type": "Elsa.Flowchart", "version": 1, "id": "flowchart1",
            "activities": [
              { "type": "Elsa.Start", "version": 1, "id": "start" },
              { "type": "Elsa.Event", "version": 1, "id": "wait",
                "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "evt-template" } },
                "result": { "typeName": "Object", "memoryReference": { "id": "v-result" } } },
              { "type": "Elsa.WriteLine", "version": 1, "id": "write",
                "text": { "typeName": "String", "expression": { "type": "Literal", "value": "after" } } } ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "wait", "port": "In" } },
              { "source": { "activity": "wait", "port": "Done" }, "target": { "activity": "write", "port": "In" } } ] }
        }
        """;

    // Ids of clone n: 16 characters like the runtime's ids.
    private const string InstanceIdSql = "'b' || lpad(to_hex(n), 15, '0')";
    private const string BookmarkIdSql = "'k' || lpad(to_hex(n), 15, '0')";
    private const string HashSql = "encode(sha256(convert_to('Elsa.Event|{\"eventName\":\"evt-' || n || '\"}', 'UTF8')), 'hex')";

    public static async Task RunAsync(LoadDatabase database, LoadOptions options)
    {
        var runtime = database.Runtime;
        await database.PublishAsync(Definition);
        var template = await runtime.ExecuteAsync(new StartWorkflowRequest { DefinitionId = "load-wait" });
        if (template.SubStatus != WorkflowSubStatus.Suspended || template.Bookmarks.Count != 1)
            throw new InvalidOperationException($"The template instance is {template.SubStatus} with {template.Bookmarks.Count} bookmarks.");
        var bookmark = template.Bookmarks[0];
        if (bookmark.Name != BookmarkName || bookmark.Hash != StimulusHasher.Hash(BookmarkName, new EventStimulus("evt-template")))
            throw new InvalidOperationException("The Event bookmark is not named and hashed as this scenario assumes.");
        var sqlHash = await ScalarTextAsync(database, $"SELECT {HashSql} FROM (SELECT 7 AS n) s");
        if (sqlHash != StimulusHasher.Hash(BookmarkName, new EventStimulus("evt-7")))
            throw new InvalidOperationException("The SQL stimulus hash differs from StimulusHasher.");

        Console.WriteLine($"scenario bookmarks: {options.Bookmarks:N0} suspended instances with one Event bookmark each, {options.Samples} samples per measurement");
        var insert = Stopwatch.StartNew();
        var parameters = () => new[]
        {
            new NpgsqlParameter("inst", template.InstanceId),
            new NpgsqlParameter("bm", bookmark.Id),
            new NpgsqlParameter("hash", bookmark.Hash),
        };
        for (var from = 1; from <= options.Bookmarks; from += Chunk)
        {
            var to = Math.Min(options.Bookmarks, from + Chunk - 1);
            await database.ExecuteAsync($"""
                INSERT INTO workflow_instances ("Id", "DefinitionId", "DefinitionVersionId", "DefinitionVersion", "Name", "CorrelationId", "Status", "SubStatus",
                    "IncidentCount", "State", "FaultReason", "LeaseOwner", "LeaseExpiresAt", "CreatedAt", "UpdatedAt", "FinishedAt")
                SELECT {InstanceIdSql}, t."DefinitionId", t."DefinitionVersionId", t."DefinitionVersion", t."Name", t."CorrelationId", t."Status", t."SubStatus",
                    t."IncidentCount",
                    replace(replace(replace(replace(t."State", @inst, {InstanceIdSql}), @bm, {BookmarkIdSql}), @hash, {HashSql}), 'evt-template', 'evt-' || n),
                    NULL, NULL, NULL, t."CreatedAt", t."UpdatedAt", NULL
                FROM workflow_instances t CROSS JOIN generate_series({from}, {to}) AS n WHERE t."Id" = @inst
                """, parameters());
            await database.ExecuteAsync($"""
                INSERT INTO bookmarks ("Id", "WorkflowInstanceId", "Name", "Hash", "ActivityInstanceId", "ActivityNodeId", "Payload", "ResumeAt", "CreatedAt")
                SELECT {BookmarkIdSql}, {InstanceIdSql}, t."Name", {HashSql}, t."ActivityInstanceId", t."ActivityNodeId",
                    replace(t."Payload", 'evt-template', 'evt-' || n), t."ResumeAt", t."CreatedAt"
                FROM bookmarks t CROSS JOIN generate_series({from}, {to}) AS n WHERE t."Id" = @bm
                """, parameters());
            Console.Write($"\r  inserted {to:N0} instances + bookmarks ({insert.Elapsed.TotalSeconds:F0} s)");
        }

        Console.WriteLine();
        await database.ExecuteAsync("VACUUM ANALYZE workflow_instances");
        await database.ExecuteAsync("VACUUM ANALYZE bookmarks");
        var stored = await database.ScalarAsync("SELECT COUNT(*) FROM bookmarks");
        var bookmarkBytes = await database.ScalarAsync("SELECT pg_total_relation_size('bookmarks')");
        var instanceBytes = await database.ScalarAsync("SELECT pg_total_relation_size('workflow_instances')");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  stored: {stored:N0} bookmarks; bookmarks {bookmarkBytes / 1048576.0:F0} MB, instances {instanceBytes / 1048576.0:F0} MB (with indexes); insert took {insert.Elapsed.TotalSeconds:F0} s"));

        await ExplainAsync(database);

        var random = new Random(12345);
        var used = new HashSet<int>();
        int NextUnused()
        {
            while (true)
            {
                var n = random.Next(1, options.Bookmarks + 1);
                if (used.Add(n)) return n;
            }
        }

        var memory = new List<MemorySample> { MemorySample.Take("start") };
        var serverMemory = new List<(string Label, long? Bytes)> { ("start", ServerCpu.ReadMemory(database.DatabaseName)) };

        // 1. A stimulus nobody waits for: the runtime's whole lookup (bookmarks by name+hash, triggers) and nothing else.
        var miss = await MeasureAsync(options.Samples, async i =>
        {
            var result = await runtime.TriggerAsync(BookmarkName, new EventStimulus($"evt-none-{i}"));
            return result.Resumed.Count == 0 && result.Started.Count == 0;
        });
        Console.WriteLine($"  TriggerAsync, no match (lookup only):        {miss.Summary()}");

        // 2. The bookmark lookup of a stimulus that matches one of the million bookmarks (the query TriggerAsync runs).
        var lookup = await MeasureAsync(options.Samples, async _ =>
        {
            var hash = StimulusHasher.Hash(BookmarkName, new EventStimulus($"evt-{random.Next(1, options.Bookmarks + 1)}"));
            await using var db = await database.DbFactory.CreateDbContextAsync();
            var ids = await db.Bookmarks.Where(b => b.Name == BookmarkName && b.Hash == hash).Select(b => b.Id).ToListAsync();
            return ids.Count == 1;
        });
        Console.WriteLine($"  bookmark lookup by stimulus (1 of 1M hit):   {lookup.Summary()}");
        memory.Add(MemorySample.Take("middle"));
        serverMemory.Add(("middle", ServerCpu.ReadMemory(database.DatabaseName)));

        // 3. A matching stimulus: lookup, lease, load, resume, commit (the instance finishes).
        var trigger = await MeasureAsync(options.Samples, async _ =>
        {
            var result = await runtime.TriggerAsync(BookmarkName, new EventStimulus($"evt-{NextUnused()}"));
            return result.Resumed.Count == 1 && result.Resumed[0].Succeeded && result.Resumed[0].Run?.SubStatus == WorkflowSubStatus.Finished;
        });
        Console.WriteLine($"  TriggerAsync, 1 match (lookup + resume):     {trigger.Summary()}");

        // 4. Resume by bookmark id (what a queued resume or an API call does).
        var resume = await MeasureAsync(options.Samples, async _ =>
        {
            var result = await runtime.ResumeAsync("k" + NextUnused().ToString("x15", CultureInfo.InvariantCulture));
            return result.Succeeded && result.Run?.SubStatus == WorkflowSubStatus.Finished;
        });
        Console.WriteLine($"  ResumeAsync by bookmark id (full resume):    {resume.Summary()}");
        memory.Add(MemorySample.Take("end"));
        serverMemory.Add(("end", ServerCpu.ReadMemory(database.DatabaseName)));

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  RESULT lookup p50 {miss.Percentile(50):F2} ms, p99 {miss.Percentile(99):F2} ms (TriggerAsync without match); p99 {lookup.Percentile(99):F2} ms (bookmark query hit); full resume p99 {trigger.Percentile(99):F2} ms"));
        foreach (var sample in memory) Console.WriteLine($"  memory {sample}");
        foreach (var (label, bytes) in serverMemory)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  PostgreSQL backends of this database, private memory (RssAnon) at {label,-6}: {(bytes is { } b ? $"{b / 1048576.0:F1} MB" : "n/a")}"));
        var remaining = await database.ScalarAsync("SELECT COUNT(*) FROM bookmarks");
        var expected = options.Bookmarks + 1 - 2L * (options.Samples + WarmupSamples(options.Samples));
        Console.WriteLine($"  verify: {remaining:N0} bookmarks left, expected {expected:N0}: {(remaining == expected ? "OK" : "MISMATCH")}");
    }

    private static int WarmupSamples(int samples) => Math.Min(200, samples / 10);

    private static async Task<Latencies> MeasureAsync(int samples, Func<int, Task<bool>> operation)
    {
        for (var i = 0; i < WarmupSamples(samples); i++) await operation(-i - 1); // not measured (resumes consume bookmarks too)
        var latencies = new Latencies();
        for (var i = 0; i < samples; i++)
        {
            var t = Stopwatch.GetTimestamp();
            if (!await operation(i)) throw new InvalidOperationException($"Sample {i} did not do what was expected.");
            latencies.Add(t);
        }

        return Latencies.Merge([latencies]);
    }

    private static async Task ExplainAsync(LoadDatabase database)
    {
        await using var db = await database.DbFactory.CreateDbContextAsync();
        var hash = StimulusHasher.Hash(BookmarkName, new EventStimulus("evt-12345"));
        var queries = new[]
        {
            ("bookmarks by stimulus", db.Bookmarks.Where(b => b.Name == BookmarkName && b.Hash == hash).Select(b => b.Id).ToQueryString()),
            ("bookmark by id", db.Bookmarks.Where(b => b.Id == "k000000000003039").Select(b => b.WorkflowInstanceId).Take(1).ToQueryString()),
        };
        foreach (var (label, sql) in queries)
        {
            Console.WriteLine($"  EXPLAIN {label}:");
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + StripParameters(sql), connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) Console.WriteLine("    " + reader.GetString(0));
        }
    }

    // ToQueryString declares parameters as "-- @p='…'" comments and uses @p in the text: inline them for EXPLAIN.
    private static string StripParameters(string sql)
    {
        var lines = sql.Split('\n');
        var values = new Dictionary<string, string>();
        var body = new List<string>();
        foreach (var line in lines)
        {
            if (line.StartsWith("-- @", StringComparison.Ordinal))
            {
                var eq = line.IndexOf('=', StringComparison.Ordinal);
                var name = line[3..eq];
                var value = line[(eq + 1)..].Trim();
                var space = value.IndexOf(" (", StringComparison.Ordinal);
                values[name] = space > 0 ? value[..space] : value;
            }
            else
            {
                body.Add(line);
            }
        }

        var text = string.Join('\n', body);
        foreach (var (name, value) in values.OrderByDescending(v => v.Key.Length)) text = text.Replace(name, value, StringComparison.Ordinal);
        return text;
    }

    private static async Task<string?> ScalarTextAsync(LoadDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync();
    }
}
