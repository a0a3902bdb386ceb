using System.Globalization;

namespace IntellyHub.Benchmarks.RuntimeLoad;

/// <summary>
/// Load test of the durable runtime (not BenchmarkDotNet: it measures a database round trip per workflow).
/// <code>
/// dotnet run -c Release --project tests/IntellyHub.Benchmarks -- runtime [start|bookmarks|all]
///     (--pg "&lt;server connection string&gt;" | --sqlite) [--seconds 20] [--warmup 3] [--concurrency 32]
///     [--journal true] [--bookmarks 1000000] [--samples 5000] [--keep]
/// </code>
/// <c>start</c>: durable start-to-finish of Start → SetVariable → WriteLine (goal ≥ 2,000 workflows/s on PostgreSQL).
/// <c>bookmarks</c> (PostgreSQL): 1,000,000 stored Event bookmarks, then the latency of the lookups and resumes
/// a stimulus causes (goal p99 ≤ 5 ms, process memory flat). Each run works in a new database, dropped at the end.
/// </summary>
public static class RuntimeLoadCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        LoadOptions options;
        try
        {
            options = LoadOptions.Parse(args);
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            await Console.Error.WriteLineAsync("usage: runtime [start|bookmarks|all] (--pg \"<conn>\" | --sqlite) [--seconds 20] [--warmup 3] [--concurrency 32] [--journal true] [--bookmarks 1000000] [--samples 5000] [--keep]");
            return 2;
        }

        Console.WriteLine($"IntellyHub runtime load — {Environment.ProcessorCount} cores, .NET {Environment.Version}, GC server={System.Runtime.GCSettings.IsServerGC}");
        if (options.PostgreSqlServer is { } server) Console.WriteLine(await new PostgreSqlServer(server).DescribeAsync());
        if (options.Scenario is "start" or "all")
        {
            await using var database = await LoadDatabase.CreateAsync(options);
            await StartScenario.RunAsync(database, options);
        }

        if (options.Scenario is "bookmarks" or "all")
        {
            if (options.PostgreSqlServer is null)
            {
                await Console.Error.WriteLineAsync("The bookmarks scenario runs on PostgreSQL only (--pg).");
                return 2;
            }

            await using var database = await LoadDatabase.CreateAsync(options);
            await BookmarkScenario.RunAsync(database, options);
        }

        return 0;
    }
}

/// <summary>Command-line settings of the load test.</summary>
public sealed record LoadOptions
{
    public string Scenario { get; init; } = "start";
    public string? PostgreSqlServer { get; init; }
    public bool Sqlite { get; init; }
    public int Seconds { get; init; } = 20;
    public int WarmupSeconds { get; init; } = 3;
    public int Concurrency { get; init; } = 32;
    public bool Journal { get; init; } = true;
    public int Bookmarks { get; init; } = 1_000_000;
    public int Samples { get; init; } = 5000;
    public bool Keep { get; init; }

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            options = arg switch
            {
                "start" or "bookmarks" or "all" => options with { Scenario = arg },
                "--pg" => options with { PostgreSqlServer = Next() },
                "--sqlite" => options with { Sqlite = true },
                "--seconds" => options with { Seconds = NextInt() },
                "--warmup" => options with { WarmupSeconds = NextInt() },
                "--concurrency" => options with { Concurrency = NextInt() },
                "--journal" => options with { Journal = bool.Parse(Next()) },
                "--bookmarks" => options with { Bookmarks = NextInt() },
                "--samples" => options with { Samples = NextInt() },
                "--keep" => options with { Keep = true },
                _ => throw new ArgumentException($"Unknown argument '{arg}'."),
            };
        }

        if (options.Sqlite == (options.PostgreSqlServer is not null))
            throw new ArgumentException("Choose exactly one database: --pg \"<conn>\" or --sqlite.");
        return options;
    }
}
