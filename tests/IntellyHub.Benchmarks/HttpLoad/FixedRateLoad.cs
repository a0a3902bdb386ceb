using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using IntellyHub.Benchmarks.RuntimeLoad;

namespace IntellyHub.Benchmarks.HttpLoad;

/// <summary>
/// Latency at a fixed request rate (open loop): request i is due at <c>start + i / rate</c> whatever the answers, and its
/// latency is measured from that moment, so a stalled server shows up in the percentiles instead of slowing the load
/// down (no coordinated omission: a request waiting for a free connection counts the wait, and so does the loop's
/// 1 ms step, which makes the figures slightly pessimistic). Requests go over keep-alive connections on raw
/// non-blocking sockets, driven by one thread in an event loop (as wrk2 does): it sends what is due on idle
/// connections, then waits in one <c>poll</c> for answers or the next due time. The generator shares the 2 cores with
/// the server, and its CPU would be measured as server latency: HttpClient cost more per request than the server under
/// test, and a task per connection with thread-pool wake-ups about 0.2 ms of CPU per request at 2,000 requests/s.
/// </summary>
public static class FixedRateLoad
{
    public sealed record Result(double RequestsPerSecond, Latencies Latencies, long Errors);

    public static Task<Result> RunAsync(Uri url, double rate, TimeSpan duration, int connections)
    {
        var result = new TaskCompletionSource<Result>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                result.SetResult(Run(url, rate, duration, connections));
            }
            catch (Exception exception)
            {
                result.SetException(exception);
            }
        }) { IsBackground = true, Name = "load generator" };
        thread.Start();
        return result.Task;
    }

    private static Result Run(Uri url, double rate, TimeSpan duration, int connectionCount)
    {
        var request = Encoding.ASCII.GetBytes($"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\n\r\n");
        var total = (long)(rate * duration.TotalSeconds);
        var interval = Stopwatch.Frequency / rate;
        var connections = new Dictionary<Socket, Connection>();
        var idle = new Stack<Connection>();
        for (var c = 0; c < connectionCount; c++)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Connect(url.Host, url.Port);
            socket.Blocking = false;
            var connection = new Connection(socket);
            connections.Add(socket, connection);
            idle.Push(connection);
        }

        var due = new Queue<long>(); // released requests waiting for an idle connection
        var busy = new List<Socket>(connectionCount);
        var readable = new List<Socket>(connectionCount);
        var latencies = new Latencies();
        var errors = 0L;
        long released = 0, completed = 0;
        using var pause = new ManualResetEventSlim(false, spinCount: 0);
        var start = Stopwatch.GetTimestamp();
        try
        {
            while (completed < total)
            {
                var now = Stopwatch.GetTimestamp();
                for (; released < total && start + (long)(released * interval) <= now; released++) due.Enqueue(start + (long)(released * interval));
                while (due.Count > 0 && idle.Count > 0)
                {
                    var connection = idle.Pop();
                    connection.Start(due.Dequeue(), request);
                    busy.Add(connection.Socket);
                }

                // Wait for answers, or until the next request is due (poll counts whole milliseconds: rounded up, so the loop
                // never spins). With requests already due, only an answer can free a connection for them.
                var untilNext = released < total && due.Count == 0 ? start + (long)(released * interval) - now : Stopwatch.Frequency / 1000;
                var waitMs = (int)Math.Clamp(Math.Ceiling(untilNext * 1000.0 / Stopwatch.Frequency), 1, 1000);
                if (busy.Count == 0)
                {
                    pause.Wait(waitMs);
                    continue;
                }

                readable.Clear();
                readable.AddRange(busy);
                Socket.Select(readable, null, null, waitMs * 1000);
                foreach (var socket in readable)
                {
                    var connection = connections[socket];
                    if (connection.Receive() is not { } success) continue;
                    latencies.Add(connection.DueAt);
                    if (!success) errors++;
                    completed++;
                    busy.Remove(socket);
                    idle.Push(connection);
                }
            }
        }
        finally
        {
            foreach (var socket in connections.Keys) socket.Dispose();
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        return new Result(total / elapsed.TotalSeconds, Latencies.Merge([latencies]), errors);
    }

    /// <summary>One keep-alive connection: at most one request in flight (no pipelining), its answer read as it arrives.</summary>
    private sealed class Connection(Socket socket)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _filled;

        public Socket Socket { get; } = socket;
        public long DueAt { get; private set; }

        public void Start(long dueAt, byte[] request)
        {
            DueAt = dueAt;
            _filled = 0;
            var sent = Socket.Send(request, SocketFlags.None, out var error);
            if (error != SocketError.Success || sent != request.Length)
                throw new IOException($"Sending a request failed ({error}, {sent} of {request.Length} bytes).");
        }

        /// <summary>Reads what has arrived; the status's success once the whole response is in, else null.</summary>
        public bool? Receive()
        {
            if (_filled == _buffer.Length) throw new InvalidOperationException("A response was larger than the load generator's buffer.");
            var read = Socket.Receive(_buffer.AsSpan(_filled), SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock) return null;
            if (error != SocketError.Success) throw new IOException($"Receiving failed: {error}.");
            if (read == 0) throw new IOException("The server closed a keep-alive connection.");
            _filled += read;
            return Complete(_buffer.AsSpan(0, _filled));
        }

        // One HTTP/1.1 response (Content-Length or chunked): null while incomplete, else whether its status is 2xx.
        private static bool? Complete(ReadOnlySpan<byte> data)
        {
            var headerEnd = data.IndexOf("\r\n\r\n"u8);
            if (headerEnd < 0) return null;
            var headers = Encoding.ASCII.GetString(data[..headerEnd]);
            var body = data[(headerEnd + 4)..];
            var complete = ContentLength(headers) is { } length
                ? body.Length >= length
                : !headers.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase) || body.EndsWith("0\r\n\r\n"u8);
            return complete ? headers.StartsWith("HTTP/1.1 2", StringComparison.Ordinal) : null;
        }

        private static int? ContentLength(string headers)
        {
            foreach (var line in headers.Split("\r\n"))
                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    return int.Parse(line.AsSpan("Content-Length:".Length).Trim(), CultureInfo.InvariantCulture);
            return null;
        }
    }
}
