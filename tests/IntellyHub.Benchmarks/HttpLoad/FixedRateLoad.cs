using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using IntellyHub.Benchmarks.RuntimeLoad;

namespace IntellyHub.Benchmarks.HttpLoad;

/// <summary>
/// Latency at a fixed request rate (open loop): request i is due at <c>start + i / rate</c> whatever the answers, and its
/// latency is measured from that moment, so a stalled server shows up in the percentiles instead of slowing the load
/// down (no coordinated omission: a request waiting for a free connection counts the wait, and so does the pacer's
/// 1 ms step, which makes the figures slightly pessimistic). Requests go over keep-alive connections, written on raw
/// sockets: HttpClient costs more CPU per request than the server under test, and on a 2-core machine
/// that cost would be measured as server latency.
/// </summary>
public static class FixedRateLoad
{
    public static readonly System.Collections.Concurrent.ConcurrentBag<Latencies> Lateness = [];
    public sealed record Result(double RequestsPerSecond, Latencies Latencies, long Errors);

    public static async Task<Result> RunAsync(Uri url, double rate, TimeSpan duration, int connections)
    {
        var request = Encoding.ASCII.GetBytes($"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\n\r\n");
        var total = (long)(rate * duration.TotalSeconds);
        var interval = Stopwatch.Frequency / rate;
        var sockets = new Socket[connections];
        for (var c = 0; c < connections; c++)
        {
            sockets[c] = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await sockets[c].ConnectAsync(url.Host, url.Port);
        }

        // A pacing thread releases each request when it is due; free connections take them in order. Released requests
        // wait in the channel while every connection is busy, and that wait is part of their latency.
        var due = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleWriter = true });
        var start = Stopwatch.GetTimestamp();
        // The pacer is a thread that waits 1 ms at a time (a 1 ms PeriodicTimer ticks only every ~4 ms on Linux).
        var pacerDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pacer = new Thread(() =>
        {
            using var never = new ManualResetEventSlim(false);
            for (long i = 0; i < total;)
            {
                var now = Stopwatch.GetTimestamp();
                for (; i < total && start + (long)(i * interval) <= now; i++) due.Writer.TryWrite(start + (long)(i * interval));
                never.Wait(1);
            }

            due.Writer.Complete();
            pacerDone.SetResult();
        }) { IsBackground = true, Name = "load pacer" };
        pacer.Start();

        var workers = sockets.Select(socket => Task.Run(() => RunConnectionAsync(socket))).ToArray();
        var results = await Task.WhenAll(workers);
        await pacerDone.Task;
        var elapsed = Stopwatch.GetElapsedTime(start);
        foreach (var socket in sockets) socket.Dispose();
        return new Result(total / elapsed.TotalSeconds, Latencies.Merge(results.Select(r => r.Latencies)), results.Sum(r => r.Errors));

        async Task<(Latencies Latencies, long Errors)> RunConnectionAsync(Socket socket)
        {
            var latencies = new Latencies();
            var errors = 0L;
            var buffer = new byte[64 * 1024];
            await foreach (var dueAt in due.Reader.ReadAllAsync())
            {
                await socket.SendAsync(request, SocketFlags.None);
                if (!await ReadResponseAsync(socket, buffer)) errors++;
                latencies.Add(dueAt);
            }

            return (latencies, errors);
        }
    }

    // One HTTP/1.1 response (Content-Length or chunked); true when its status is 2xx. Requests are not pipelined, so
    // nothing of the next response can be in the buffer.
    private static async Task<bool> ReadResponseAsync(Socket socket, byte[] buffer)
    {
        var filled = 0;
        int headerEnd;
        while ((headerEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
            filled += await ReceiveAsync(socket, buffer, filled);

        var headers = Encoding.ASCII.GetString(buffer, 0, headerEnd);
        var bodyStart = headerEnd + 4;
        var success = headers.StartsWith("HTTP/1.1 2", StringComparison.Ordinal);
        var length = ContentLength(headers);
        if (length is { } bodyLength)
        {
            while (filled < bodyStart + bodyLength) filled += await ReceiveAsync(socket, buffer, filled);
        }
        else if (headers.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            while (!buffer.AsSpan(bodyStart, filled - bodyStart).EndsWith("0\r\n\r\n"u8)) filled += await ReceiveAsync(socket, buffer, filled);
        }

        return success;
    }

    private static async Task<int> ReceiveAsync(Socket socket, byte[] buffer, int filled)
    {
        if (filled == buffer.Length) throw new InvalidOperationException("A response was larger than the load generator's buffer.");
        var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None);
        return read > 0 ? read : throw new IOException("The server closed a keep-alive connection.");
    }

    private static int? ContentLength(string headers)
    {
        foreach (var line in headers.Split("\r\n"))
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                return int.Parse(line.AsSpan("Content-Length:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return null;
    }
}
