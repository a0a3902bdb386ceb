using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace IntellyHub.Activities.Http.Tests.SendHttpRequest;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also reports every timer created on it (Polly's retry delays and
/// timeouts), so a test waits until a delay is scheduled, checks its length and then advances the clock:
/// no real waiting, no race between the test and the pipeline.
/// </summary>
public sealed class RecordingTimeProvider : TimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public FakeTimeProvider Fake { get; } = new(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();
    public override long GetTimestamp() => Fake.GetTimestamp();
    public override long TimestampFrequency => Fake.TimestampFrequency;
    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    // Timeouts create their timer unarmed and arm it with Change (CancellationTokenSource.CancelAfter): both are reported,
    // once the timer is armed, so that advancing the clock right after the report fires it.
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ReportingTimer(Fake.CreateTimer(callback, state, dueTime, period), this);
        Report(dueTime);
        return timer;
    }

    private void Report(TimeSpan dueTime)
    {
        if (dueTime != Timeout.InfiniteTimeSpan) _timers.Writer.TryWrite(dueTime);
    }

    /// <summary>Waits (10 s at most, real time) for a timer whose due time matches, skipping others.</summary>
    public async Task<TimeSpan> NextTimerAsync(Func<TimeSpan, bool> match)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var skipped = new List<TimeSpan>();
        try
        {
            while (true)
            {
                var due = await _timers.Reader.ReadAsync(guard.Token);
                if (match(due)) return due;
                skipped.Add(due);
            }
        }
        catch (OperationCanceledException) when (guard.IsCancellationRequested)
        {
            throw new TimeoutException($"No matching timer was scheduled; skipped: {string.Join(", ", skipped)}.");
        }
    }

    /// <summary>Waits for the next timer that is not <paramref name="ignored"/> (an attempt timeout) and advances past it.</summary>
    public async Task<TimeSpan> AdvancePastNextAsync(TimeSpan ignored)
    {
        var due = await NextTimerAsync(d => d != ignored);
        Fake.Advance(due);
        return due;
    }

    private sealed class ReportingTimer(ITimer inner, RecordingTimeProvider owner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            owner.Report(dueTime);
            return changed;
        }

        public void Dispose() => inner.Dispose();
        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
