using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace IntellyHub.Benchmarks.HttpLoad;

/// <summary>Maximum throughput, measured by wrk (Debian package <c>wrk</c>): closed loop, every connection busy.</summary>
public static partial class Wrk
{
    public sealed record Result(double RequestsPerSecond, double P50Milliseconds, double P99Milliseconds, long Requests, long Errors);

    public static bool IsInstalled() => File.Exists("/usr/bin/wrk") || File.Exists("/usr/local/bin/wrk");

    /// <summary>Runs wrk with 2 threads and <paramref name="connections"/> connections against <paramref name="url"/>.</summary>
    public static async Task<Result> RunAsync(Uri url, int connections, TimeSpan duration)
    {
        var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-t2", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", "--timeout", "10s", url.ToString() })
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("wrk did not start");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException("wrk failed: " + output + await process.StandardError.ReadToEndAsync());

        var rps = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var requests = long.Parse(Requests().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var non2xx = Non2xx().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socketErrors = SocketErrors().Match(output) is { Success: true } s
            ? s.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture))
            : 0;
        return new Result(rps, Percentile(output, "50%"), Percentile(output, "99%"), requests, non2xx + socketErrors);
    }

    private static double Percentile(string output, string label)
    {
        var match = Regex.Match(output, @"^\s*" + Regex.Escape(label) + @"\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!match.Success) return double.NaN;
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
