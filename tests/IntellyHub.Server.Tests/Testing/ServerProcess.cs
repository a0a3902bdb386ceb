using System.Diagnostics;

namespace IntellyHub.Server.Tests.Testing;

/// <summary>The built server run as a process of its own (from the test output folder, with its appsettings.json).</summary>
public static class ServerProcess
{
    public sealed record Result(int ExitCode, string Output);

    /// <summary>Runs the server with <paramref name="arguments"/> and extra environment variables until it exits (a minute at most).</summary>
    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "IntellyHub.Server.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The server did not exit within a minute.");
        }

        return new Result(process.ExitCode, await output + await error);
    }
}
