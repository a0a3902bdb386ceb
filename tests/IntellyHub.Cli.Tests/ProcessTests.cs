using System.Diagnostics;
using System.Text.Json;

namespace IntellyHub.Cli.Tests;

/// <summary>The built tool started as a real process: proves the entry point, exit code and stream separation.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task RunHello_AsProcess_PrintsJsonOnStdout_AndTextOnStderr()
    {
        var cli = FindCliAssembly();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(cli)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(cli);
        start.ArgumentList.Add("run");
        start.ArgumentList.Add(Path.Combine("samples", "hello.json"));

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}; stderr: {await stderr}");
        using var json = JsonDocument.Parse(await stdout);
        Assert.Equal("Finished", json.RootElement.GetProperty("subStatus").GetString());
        Assert.Equal("Hello from IntellyHub!", json.RootElement.GetProperty("output").GetProperty("Message").GetString());
        Assert.Equal("Hello from IntellyHub!", (await stderr).Trim());
    }

    /// <summary>
    /// intellyhub.dll with its runtimeconfig and samples: next to the tests (a referenced exe is copied), else in the
    /// CLI project's own output (artifacts layout: bin/IntellyHub.Cli/&lt;config&gt;; classic: src/IntellyHub.Cli/bin/&lt;config&gt;/&lt;tfm&gt;).
    /// </summary>
    private static string FindCliAssembly()
    {
        var here = AppContext.BaseDirectory;
        string[] candidates =
        [
            here,
            here.Replace($"{Path.DirectorySeparatorChar}IntellyHub.Cli.Tests{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}IntellyHub.Cli{Path.DirectorySeparatorChar}", StringComparison.Ordinal),
            here.Replace($"{Path.DirectorySeparatorChar}tests{Path.DirectorySeparatorChar}IntellyHub.Cli.Tests{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}src{Path.DirectorySeparatorChar}IntellyHub.Cli{Path.DirectorySeparatorChar}", StringComparison.Ordinal),
        ];
        foreach (var folder in candidates)
        {
            var dll = Path.Combine(folder, "intellyhub.dll");
            if (File.Exists(dll) && File.Exists(Path.Combine(folder, "intellyhub.runtimeconfig.json")) && File.Exists(Path.Combine(folder, "samples", "hello.json")))
                return dll;
        }

        throw new FileNotFoundException($"intellyhub.dll (with its runtimeconfig and samples) not found; looked in: {string.Join(", ", candidates.Distinct())}");
    }
}
