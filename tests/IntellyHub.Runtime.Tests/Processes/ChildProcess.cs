using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace IntellyHub.Runtime.Tests.Processes;

/// <summary>
/// The process host (tests/IntellyHub.Runtime.ProcessHost) running as a separate OS process: its stdout
/// lines are collected as they come, its stderr kept for diagnostics, and it can be killed (SIGKILL).
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly StringBuilder _errors = new();

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The stdout lines so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines) return [.. _lines];
        }
    }

    public string Errors
    {
        get
        {
            lock (_errors) return _errors.ToString();
        }
    }

    /// <summary>
    /// The process host's dll, as the build recorded it (see the test project file), so both the default
    /// bin/ layout and an --artifacts-path layout work; IH_PROCESS_HOST overrides it.
    /// </summary>
    public static string HostPath
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("IH_PROCESS_HOST")
                ?? typeof(ChildProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "ProcessHostPath")?.Value;
            if (string.IsNullOrEmpty(path) || !File.Exists(path))
                throw new InvalidOperationException($"The process host was not found at '{path}': build tests/IntellyHub.Runtime.ProcessHost (the test project references it).");
            return path;
        }
    }

    /// <summary>Starts <c>dotnet IntellyHub.Runtime.ProcessHost.dll args…</c>.</summary>
    public static ChildProcess Start(string name, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(DotnetHost)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(HostPath);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;

        var process = new Process { StartInfo = info };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (child._lines) child._lines.Add(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (child._errors) child._errors.AppendLine(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for a stdout line matching <paramref name="match"/>; fails when the process exits or the time is up.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var line = Lines.FirstOrDefault(match);
            if (line is not null) return line;
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync();
                line = Lines.FirstOrDefault(match);
                if (line is not null) return line;
                throw new InvalidOperationException($"{Name} exited ({_process.ExitCode}) without the expected line.\n{Describe()}");
            }

            if (watch.Elapsed > timeout) throw new TimeoutException($"{Name} did not print the expected line within {timeout}.\n{Describe()}");
            await Task.Delay(50);
        }
    }

    public async Task SendLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits for the process to exit (and its output to be read); returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not exit within {timeout}.\n{Describe()}");
        }

        return _process.ExitCode;
    }

    /// <summary>Kills the process at once (SIGKILL on Unix): no shutdown code runs, nothing is flushed or released.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Its output for a test report (a long stdout is cut: the replicas write a line per instance).</summary>
    public string Describe()
    {
        var lines = Lines;
        var stdout = lines.Count <= 40 ? string.Join('\n', lines) : $"{string.Join('\n', lines.Take(10))}\n… {lines.Count - 20} more lines …\n{string.Join('\n', lines.TakeLast(10))}";
        return $"--- {Name} stdout ---\n{stdout}\n--- {Name} stderr ---\n{Errors}";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) await KillAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }

        _process.Dispose();
    }

    // The dotnet host running these tests (set by the dotnet CLI), or the one on the PATH.
    private static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current
        : "dotnet";
}
