using System.Text.Json;

namespace IntellyHub.Cli.Tests;

/// <summary>What one in-process invocation of the tool did.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Stdout parsed as exactly one JSON document (fails the test otherwise).</summary>
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Stdout);
            return document.RootElement.Clone();
        }
    }

    /// <summary>The non-empty lines of stdout.</summary>
    public IReadOnlyList<string> StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The non-empty lines of stderr.</summary>
    public IReadOnlyList<string> StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Runs the tool in process, as Program.cs does, with stdout and stderr captured.</summary>
public static class TestCli
{
    /// <summary>The samples copied next to the test assembly.</summary>
    public static string SamplesFolder => Path.Combine(AppContext.BaseDirectory, "samples");

    public static string Sample(string fileName) => Path.Combine(SamplesFolder, fileName);

    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CliApplication.RunAsync(args, stdout, stderr);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs the tool in <paramref name="environment"/> (a fake or in-memory server behind its HTTP handler).</summary>
    public static async Task<CliResult> RunAsync(CliEnvironment environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CliApplication.RunAsync(args, stdout, stderr, environment);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}
