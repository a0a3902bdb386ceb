namespace IntellyHub.Runtime.Instances;

/// <summary>
/// The token a run stops at: its caller's, joined by a run time limit when there is one (counted on the runtime's clock).
/// </summary>
internal sealed class RunDeadline : IDisposable
{
    private readonly CancellationTokenSource? _limit;
    private readonly CancellationTokenSource? _joined;

    private RunDeadline(CancellationTokenSource? limit, CancellationTokenSource? joined, CancellationToken token)
    {
        _limit = limit;
        _joined = joined;
        Token = token;
    }

    public CancellationToken Token { get; }

    /// <summary>A deadline <paramref name="limit"/> from now; none when the limit is empty, zero or negative.</summary>
    public static RunDeadline Start(TimeSpan? limit, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (limit is not { } span || span <= TimeSpan.Zero) return new RunDeadline(null, null, cancellationToken);
        var timed = new CancellationTokenSource(span, clock);
        var joined = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timed.Token);
        return new RunDeadline(timed, joined, joined.Token);
    }

    public void Dispose()
    {
        _joined?.Dispose();
        _limit?.Dispose();
    }
}
