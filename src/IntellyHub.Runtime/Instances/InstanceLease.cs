using IntellyHub.Runtime.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IntellyHub.Runtime.Instances;

/// <summary>
/// A process's exclusive right to run an instance, held in the instance row (owner + expiry) so that
/// replicas sharing the database exclude each other, and renewed while a run lasts. If the owner dies,
/// the lease expires and another process can take the instance. Within one process, waiters queue on a
/// local lock instead of asking the database again and again.
/// </summary>
internal sealed class InstanceLease(IDbContextFactory<IntellyHubDbContext> dbFactory, string instanceId, RuntimeOptions options, TimeProvider clock) : IAsyncDisposable
{
    private static readonly Dictionary<string, LocalLock> LocalLocks = new(StringComparer.Ordinal);
    private LocalLock? _localLock;
    private bool _held;

    /// <summary>Takes the lease, waiting up to <paramref name="wait"/> for a current owner to finish.</summary>
    public async Task<bool> AcquireAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + wait;
        LocalLock localLock;
        lock (LocalLocks)
        {
            if (!LocalLocks.TryGetValue(instanceId, out localLock!)) LocalLocks[instanceId] = localLock = new LocalLock();
            localLock.References++;
        }

        _localLock = localLock;
        bool entered;
        try
        {
            entered = await localLock.Semaphore.WaitAsync(wait, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Dereference();
            throw;
        }

        if (!entered)
        {
            Dereference();
            return false;
        }

        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            if (await TryTakeAsync(cancellationToken))
            {
                _held = true;
                return true;
            }

            // Held by another process: back off until it commits or its lease expires.
            var now = clock.GetUtcNow();
            if (now >= deadline)
            {
                ReleaseLocal();
                return false;
            }

            var pause = delay < deadline - now ? delay : deadline - now;
            await Task.Delay(pause, clock, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
        }
    }

    private async Task<bool> TryTakeAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var until = now + options.LeaseDuration;
        var owner = options.NodeId;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var taken = await db.WorkflowInstances
            .Where(i => i.Id == instanceId && (i.LeaseOwner == null || i.LeaseOwner == owner || i.LeaseExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.LeaseOwner, owner).SetProperty(i => i.LeaseExpiresAt, until), cancellationToken);
        if (taken == 1) return true;

        // An instance that does not exist (yet) has no lease to take: let the caller find that out.
        return !await db.WorkflowInstances.AnyAsync(i => i.Id == instanceId, cancellationToken);
    }

    /// <summary>Renews the lease in the background until the returned handle is disposed.</summary>
    public IDisposable KeepAlive(CancellationToken cancellationToken) =>
        LeaseRenewal.Start(clock, options.LeaseDuration, RenewAsync, cancellationToken);

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow() + options.LeaseDuration;
        var owner = options.NodeId;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.WorkflowInstances.Where(i => i.Id == instanceId && i.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.LeaseExpiresAt, until), cancellationToken);
    }

    /// <summary>The commit released the lease in its own transaction.</summary>
    public void MarkReleased() => _held = false;

    public async ValueTask DisposeAsync()
    {
        if (_held)
        {
            _held = false;
            try
            {
                var owner = options.NodeId;
                await using var db = await dbFactory.CreateDbContextAsync();
                await db.WorkflowInstances.Where(i => i.Id == instanceId && i.LeaseOwner == owner)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.LeaseOwner, (string?)null).SetProperty(i => i.LeaseExpiresAt, (DateTimeOffset?)null));
            }
            catch (Exception exception) when (exception is DbUpdateException or InvalidOperationException)
            {
                // The lease then simply expires.
            }
        }

        ReleaseLocal();
    }

    private void ReleaseLocal()
    {
        if (_localLock is null) return;
        _localLock.Semaphore.Release();
        Dereference();
    }

    private void Dereference()
    {
        if (_localLock is not { } localLock) return;
        lock (LocalLocks)
        {
            if (--localLock.References == 0) LocalLocks.Remove(instanceId);
        }

        _localLock = null;
    }

    private sealed class LocalLock
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);
        public int References { get; set; }
    }
}
