using Microsoft.EntityFrameworkCore;

namespace IntellyHub.Runtime.Persistence;

/// <summary>
/// Keeps a time-limited claim alive while work runs: renews it every third of its duration, so a missed
/// renewal (a busy database, a cancelled call) is tolerated and the claim still lasts. Used for instance
/// leases and dispatch queue claims.
/// </summary>
internal static class LeaseRenewal
{
    /// <summary>Calls <paramref name="renew"/> periodically until the returned handle is disposed.</summary>
    public static IDisposable Start(TimeProvider clock, TimeSpan duration, Func<CancellationToken, Task> renew, CancellationToken cancellationToken)
    {
        var period = duration / 3;
        return clock.CreateTimer(_ => _ = RenewAsync(renew, cancellationToken), null, period, period);
    }

    private static async Task RenewAsync(Func<CancellationToken, Task> renew, CancellationToken cancellationToken)
    {
        try
        {
            await renew(cancellationToken);
        }
        catch (Exception exception) when (exception is OperationCanceledException or DbUpdateException or InvalidOperationException)
        {
            // Tolerated: the claim lasts three periods, and whoever commits checks it still holds it.
        }
    }
}
