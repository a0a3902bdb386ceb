namespace IntellyHub.Runtime.Dispatch;

/// <summary>
/// Wakes this process's dispatch workers when it queues work, so they wait on an event rather than look at the
/// database in a loop.
/// </summary>
public sealed class DispatchSignal
{
    private TaskCompletionSource _work = NewSource();

    public void Notify() => Interlocked.Exchange(ref _work, NewSource()).TrySetResult();

    /// <summary>Completes when work is announced or <paramref name="timeout"/> (on <paramref name="clock"/>) passes.</summary>
    public Task WaitForWorkAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken) =>
        WaitAsync(Volatile.Read(ref _work).Task, timeout, clock, cancellationToken);

    private static async Task WaitAsync(Task signal, TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero) return;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, clock, stop.Token);
        await Task.WhenAny(signal, delay);
        await stop.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
