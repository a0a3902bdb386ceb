using System.Diagnostics;
using System.Globalization;
using IntellyHub.Runtime.Definitions;
using IntellyHub.Runtime.Instances;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Benchmarks.RuntimeLoad;

/// <summary>
/// Goal (a): durable start-to-finish of a 3-activity workflow (Start → SetVariable → WriteLine to a null writer),
/// journal on, by <see cref="WorkflowRuntime.ExecuteAsync"/> from many concurrent callers. Each call commits the
/// instance, its journal and its log in one transaction. Reports workflows/s, latency, allocations and the GC heap,
/// then checks the rows in the database.
/// </summary>
public static class StartScenario
{
    public const string DefinitionId = "load-start";

    public static string Definition => """
        {
          "definitionId": "load-start", "name": "load-start",
          "variables": [ { "id": "v-count", "name": "Count", "typeName": "Int32" } ],
          "root": { "type": "Elsa.Flowchart", "version": 1, "id": "flowchart1",
            "activities": [
              { "type": "Elsa.Start", "version": 1, "id": "start" },
              { "type": "Elsa.SetVariable", "version": 1, "id": "set",
                "variable": { "id": "v-count", "name": "Count", "typeName": "Int32" },
                "value": { "typeName": "Object", "expression": { "type": "Literal", "value": "42" } } },
              { "type": "Elsa.WriteLine", "version": 1, "id": "write",
                "text": { "typeName": "String", "expression": { "type": "Literal", "value": "hello" } } } ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "set", "port": "In" } },
              { "source": { "activity": "set", "port": "Done" }, "target": { "activity": "write", "port": "In" } } ] }
        }
        """;

    public static async Task RunAsync(LoadDatabase database, LoadOptions options)
    {
        var runtime = database.Runtime;
        await database.PublishAsync(Definition);
        var request = new StartWorkflowRequest { DefinitionId = DefinitionId, VersionOptions = VersionOptions.Published };

        // One run to learn the rows a workflow writes.
        var first = await runtime.ExecuteAsync(request);
        if (first.SubStatus != WorkflowSubStatus.Finished) throw new InvalidOperationException($"The workflow ended {first.SubStatus}.");
        var journalPerWorkflow = await database.ScalarAsync($"SELECT COUNT(*) FROM activity_executions WHERE \"WorkflowInstanceId\" = '{first.InstanceId}'");
        var logsPerWorkflow = await database.ScalarAsync($"SELECT COUNT(*) FROM workflow_logs WHERE \"WorkflowInstanceId\" = '{first.InstanceId}'");

        Console.WriteLine($"scenario start: {database.ProviderName}, journal {(options.Journal ? "on" : "off")}, concurrency {options.Concurrency}, warm-up {options.WarmupSeconds} s, measured {options.Seconds} s");
        Console.WriteLine($"  rows per workflow: 1 instance, {journalPerWorkflow} journal rows, {logsPerWorkflow} log rows");

        var warm = await RunPhaseAsync(runtime, request, options.Concurrency, TimeSpan.FromSeconds(options.WarmupSeconds));
        if (options.PostgreSqlServer is { } postgreSql) await new PostgreSqlServer(postgreSql).CheckpointAsync();
        var before = MemorySample.Take("before");
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var serverCpuBefore = ServerCpu.Read(database.DatabaseName);
        var jitBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitTimeBefore = System.Runtime.JitInfo.GetCompilationTime();

        var started = Stopwatch.GetTimestamp();
        var measured = await RunPhaseAsync(runtime, request, options.Concurrency, TimeSpan.FromSeconds(options.Seconds));
        var elapsed = Stopwatch.GetElapsedTime(started);

        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var serverCpu = ServerCpu.Read(database.DatabaseName) - serverCpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var jitted = System.Runtime.JitInfo.GetCompiledMethodCount() - jitBefore;
        var jitTime = System.Runtime.JitInfo.GetCompilationTime() - jitTimeBefore;
        var after = MemorySample.Take("after");
        var latencies = measured.Latencies;

        var rate = measured.Completed / elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  RESULT {database.ProviderName}: {rate:F0} workflows/s  ({measured.Completed} in {elapsed.TotalSeconds:F1} s, {measured.Failed} failed)"));
        Console.WriteLine($"  latency: {latencies.Summary()}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  client CPU: {cpu.TotalSeconds / elapsed.TotalSeconds * 100:F0}% of one core ({cpu.TotalMilliseconds / Math.Max(1, measured.Completed) * 1000:F0} µs per workflow); allocated {allocated / Math.Max(1, measured.Completed) / 1024.0:F1} KB per workflow; GCs gen0 {GC.CollectionCount(0) - gen0}, gen1 {GC.CollectionCount(1) - gen1}, gen2 {GC.CollectionCount(2) - gen2}"));
        if (serverCpu is { } server)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  server CPU (PostgreSQL backends of this database): {server.TotalSeconds / elapsed.TotalSeconds * 100:F0}% of one core ({server.TotalMilliseconds / Math.Max(1, measured.Completed) * 1000:F0} µs per workflow)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  JIT during the measurement: {jitted} methods, {jitTime.TotalMilliseconds:F0} ms"));
        Console.WriteLine($"  memory {before}");
        Console.WriteLine($"  memory {after}");

        // Every committed workflow must be in the database with its journal and log.
        var workflows = 1 + warm.Completed + measured.Completed;
        var instances = await database.ScalarAsync("SELECT COUNT(*) FROM workflow_instances");
        var finished = await database.ScalarAsync("SELECT COUNT(*) FROM workflow_instances WHERE \"SubStatus\" = 'Finished'");
        var journal = await database.ScalarAsync("SELECT COUNT(*) FROM activity_executions");
        var logs = await database.ScalarAsync("SELECT COUNT(*) FROM workflow_logs");
        var ok = instances == workflows && finished == workflows && journal == workflows * journalPerWorkflow && logs == workflows * logsPerWorkflow;
        Console.WriteLine($"  verify: {instances} instances ({finished} finished), {journal} journal rows, {logs} log rows for {workflows} workflows: {(ok ? "OK" : "MISMATCH")}");
        if (!ok) throw new InvalidOperationException("The database does not hold what the runs reported.");
    }

    private static async Task<PhaseResult> RunPhaseAsync(WorkflowRuntime runtime, StartWorkflowRequest request, int concurrency, TimeSpan duration)
    {
        var started = Stopwatch.GetTimestamp();
        var failed = 0;
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var latencies = new Latencies();
            while (Stopwatch.GetElapsedTime(started) < duration)
            {
                var t = Stopwatch.GetTimestamp();
                var result = await runtime.ExecuteAsync(request);
                if (result.SubStatus != WorkflowSubStatus.Finished)
                {
                    Interlocked.Increment(ref failed);
                    continue;
                }

                latencies.Add(t);
            }

            return latencies;
        })).ToList();
        var merged = Latencies.Merge(await Task.WhenAll(workers));
        return new PhaseResult(merged.Count, failed, merged);
    }

    private sealed record PhaseResult(int Completed, int Failed, Latencies Latencies);
}
