using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using IntellyHub.Extensions;
using IntellyHub.Runtime.Instances;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Runtime.Scheduling;
using IntellyHub.Workflows.Activities.Primitives;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace IntellyHub.Runtime.ProcessHost;

/// <summary>The commands of the process host (see Program.cs).</summary>
internal static class HostCommands
{
    /// <summary>A generic host with the runtime on the chosen database; the schema is migrated by the test beforehand.</summary>
    private static IHost Build(HostArguments arguments, bool backgroundServices)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // Diagnostics go to stderr: stdout carries the protocol lines (and what WriteLine activities write).
        builder.Logging.SetMinimumLevel(Enum.Parse<LogLevel>(arguments.Get("log-level", "Warning")));
        // Each timer firing ("… fired for <scheduled time>"): the cluster test counts them across servers.
        builder.Logging.AddFilter(typeof(TimerScheduler).FullName, LogLevel.Information);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        var provider = arguments.Get("provider", "pg");
        var connection = arguments.Require("connection");
        builder.Services.AddIntellyHub(hub => hub.AddActivitiesFrom<Slow>().UseRuntime(runtime =>
        {
            _ = provider switch
            {
                "pg" => runtime.UsePostgreSql(connection),
                "sqlite" => runtime.UseSqlite(connection),
                _ => throw new ArgumentException($"Unknown provider '{provider}' (pg or sqlite)."),
            };
            runtime.Configure(o =>
            {
                o.NodeId = arguments.Get("node", o.NodeId);
                o.RunBackgroundServices = backgroundServices;
                o.MigrateOnStart = false;
                o.LeaseDuration = TimeSpan.FromSeconds(arguments.GetNumber("lease", 2));
                o.LeaseWaitTimeout = TimeSpan.FromMilliseconds(arguments.GetNumber("lease-wait", 10_000));
                o.DispatchSweepInterval = TimeSpan.FromMilliseconds(200);
                o.Retention = null;
            });
            // Quick cluster failover for the tests: a killed server's acquired timers are taken over within seconds.
            runtime.ConfigureScheduler(o =>
            {
                o.MisfireThreshold = TimeSpan.FromSeconds(arguments.GetNumber("misfire-threshold", 5));
                o.ClusterCheckinInterval = TimeSpan.FromSeconds(1);
                o.ClusterCheckinMisfireThreshold = TimeSpan.FromSeconds(2);
            });
        }));
        return builder.Build();
    }

    public static async Task<int> ServeAsync(HostArguments arguments)
    {
        using var host = Build(arguments, backgroundServices: true);
        await host.StartAsync();
        // Ready once the timer scheduler fires too (the background services start after the host).
        await host.Services.GetRequiredService<TimerScheduler>().Started.WaitAsync(TimeSpan.FromMinutes(2));
        Console.WriteLine($"ready {arguments.Get("node", "")}");
        await host.WaitForShutdownAsync();
        return 0;
    }

    public static async Task<int> DispatchAsync(HostArguments arguments)
    {
        using var host = Build(arguments, backgroundServices: false);
        await host.StartAsync();
        var runtime = host.Services.GetRequiredService<WorkflowRuntime>();
        for (var i = 0; i < (int)arguments.GetNumber("count", 1); i++)
            Console.WriteLine(await runtime.DispatchAsync(new StartWorkflowRequest { DefinitionId = arguments.Positional[0] }));
        await host.StopAsync();
        return 0;
    }

    public static async Task<int> ExecuteAsync(HostArguments arguments)
    {
        using var host = Build(arguments, backgroundServices: false);
        await host.StartAsync();
        var runtime = host.Services.GetRequiredService<WorkflowRuntime>();
        var count = (int)arguments.GetNumber("count", 1);
        var prefix = arguments.Get("event-prefix", "");
        var statuses = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        string? lastId = null;
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), Parallelism(arguments), async (i, ct) =>
        {
            var input = prefix.Length == 0 ? null : new Dictionary<string, object?> { ["event"] = EventName(prefix, i) };
            var run = await runtime.ExecuteAsync(new StartWorkflowRequest { DefinitionId = arguments.Positional[0], Input = input }, ct);
            statuses.AddOrUpdate(run.SubStatus.ToString(), 1, (_, n) => n + 1);
            lastId = run.InstanceId;
        });

        Console.WriteLine(count == 1 ? lastId : JsonSerializer.Serialize(new { count, statuses, elapsedMs = watch.ElapsedMilliseconds }));
        await host.StopAsync();
        return 0;
    }

    public static async Task<int> StimuliAsync(HostArguments arguments)
    {
        using var host = Build(arguments, backgroundServices: !arguments.Has("no-serve"));
        await host.StartAsync();
        var runtime = host.Services.GetRequiredService<WorkflowRuntime>();
        var count = (int)arguments.GetNumber("count", 1);
        var prefix = arguments.Require("event-prefix");
        Console.WriteLine($"ready {arguments.Get("node", "")}");
        if (arguments.Has("wait-go")) await Console.In.ReadLineAsync();

        // Per stimulus: the status of each bookmark it resumed ("none" when it found no bookmark), or the error.
        var statuses = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), Parallelism(arguments), async (i, ct) =>
        {
            try
            {
                var result = await runtime.TriggerAsync("Elsa.Event", new EventStimulus(EventName(prefix, i)), cancellationToken: ct);
                if (result.Resumed.Count == 0) statuses.AddOrUpdate("none", 1, (_, n) => n + 1);
                foreach (var resumed in result.Resumed) statuses.AddOrUpdate(resumed.Status.ToString(), 1, (_, n) => n + 1);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                statuses.AddOrUpdate("error:" + exception.GetType().Name, 1, (_, n) => n + 1);
                await Console.Error.WriteLineAsync($"stimulus {i}: {exception}");
            }
        });
        var deliveredMs = watch.ElapsedMilliseconds;

        // Requests queued as fallbacks (instance busy in the other replica) are run by the dispatch workers of both.
        var drained = await WaitForEmptyQueueAsync(host.Services, TimeSpan.FromSeconds(arguments.GetNumber("drain-timeout", 60)));
        Console.WriteLine(JsonSerializer.Serialize(new { node = arguments.Get("node", ""), count, statuses, drained, deliveredMs, elapsedMs = watch.ElapsedMilliseconds }));
        await host.StopAsync();
        return drained ? 0 : 2;
    }

    public static int Usage(string command)
    {
        Console.Error.WriteLine($"Unknown command '{command}': serve | dispatch <definitionId> | execute <definitionId> | stimuli (see Program.cs).");
        return 64;
    }

    private static string EventName(string prefix, int index) => prefix + index.ToString("D4", CultureInfo.InvariantCulture);

    private static ParallelOptions Parallelism(HostArguments arguments) => new() { MaxDegreeOfParallelism = (int)arguments.GetNumber("parallel", 16) };

    private static async Task<bool> WaitForEmptyQueueAsync(IServiceProvider services, TimeSpan timeout)
    {
        var factory = services.GetRequiredService<IDbContextFactory<IntellyHubDbContext>>();
        var watch = Stopwatch.StartNew();
        while (true)
        {
            await using (var db = await factory.CreateDbContextAsync())
            {
                if (!await db.DispatchQueue.AnyAsync()) return true;
            }

            if (watch.Elapsed > timeout) return false;
            await Task.Delay(100);
        }
    }
}
