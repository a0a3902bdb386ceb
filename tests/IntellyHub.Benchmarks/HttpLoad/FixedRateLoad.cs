using System.Diagnostics;
using IntellyHub.Benchmarks.RuntimeLoad;

namespace IntellyHub.Benchmarks.HttpLoad;

/// <summary>
/// Latency at a fixed request rate (open loop): requests are sent on a schedule whatever the answers, and each latency
/// is measured from the moment its request was due, so a stalled server shows up in the percentiles instead of
/// slowing the load down (no coordinated omission).
/// </summary>
public static class FixedRateLoad
{
    public sealed record Result(double RequestsPerSecond, Latencies Latencies, long Errors);

    public static async Task<Result> RunAsync(Uri url, double rate, TimeSpan duration, int connections)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var total = (long)(rate * duration.TotalSeconds);
        var latencies = new Latencies[total];
        var errors = 0L;
        var pending = new List<Task>((int)Math.Min(total, 1_000_000));
        var interval = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();
        for (long i = 0; i < total; i++)
        {
            var due = start + (long)(i * interval);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            var index = i;
            pending.Add(SendAsync(index, due));
        }

        await Task.WhenAll(pending);
        var elapsed = Stopwatch.GetElapsedTime(start);
        return new Result(total / elapsed.TotalSeconds, Latencies.Merge(latencies), errors);

        async Task SendAsync(long index, long due)
        {
            var sample = new Latencies();
            try
            {
                using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead);
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref errors);
            }
            catch (TaskCanceledException)
            {
                Interlocked.Increment(ref errors);
            }

            sample.Add(due);
            latencies[index] = sample;
        }
    }
}
