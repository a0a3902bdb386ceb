using IntellyHub.Runtime.Dispatch;
using IntellyHub.Runtime.Journal;
using IntellyHub.Runtime.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IntellyHub.Runtime.Instances;

/// <summary>The rows a new instance's first run commits.</summary>
public sealed class NewInstanceRows(WorkflowInstanceRecord instance)
{
    public WorkflowInstanceRecord Instance { get; } = instance;
    public List<BookmarkRecord> Bookmarks { get; } = [];
    public List<ActivityExecutionRow> Journal { get; } = [];
    public List<WorkflowLogRow> Logs { get; } = [];
    public IdempotencyKeyRecord? IdempotencyKey { get; set; }

    internal void AddTo(IntellyHubDbContext db)
    {
        db.WorkflowInstances.Add(Instance);
        db.Bookmarks.AddRange(Bookmarks);
        db.ActivityExecutions.AddRange(Journal);
        db.WorkflowLogs.AddRange(Logs);
        if (IdempotencyKey is not null) db.IdempotencyKeys.Add(IdempotencyKey);
    }
}

/// <summary>
/// Group commit for new instances: starts that finish their first run at the same time are written in
/// one transaction. A few background writers take whatever is pending (up to a batch) and write it;
/// callers wait for their own rows. Each start is still all-or-nothing: if a batch fails, its starts are
/// written one by one so that only the failing one fails.
/// </summary>
public sealed class StartCommitBatcher(IDbContextFactory<IntellyHubDbContext> dbFactory, IRuntimeDatabase database)
{
    private const int MaxBatch = 64;
    // Two writers overlap one batch's commit with the next batch's statements; SQLite takes one writer at a time, and a
    // second one would only wait in its busy handler, whose growing sleeps (1, 2, 5, 10… ms) become latency.
    private readonly int _maxWriters = database.SupportsConcurrentWriters ? 2 : 1;
    private readonly object _gate = new();
    private List<Pending> _pending = [];
    private int _writers;

    internal async Task CommitAsync(NewInstanceRows rows, CancellationToken cancellationToken)
    {
        var pending = new Pending(rows);
        bool startWriter;
        lock (_gate)
        {
            _pending.Add(pending);
            startWriter = _writers < _maxWriters;
            if (startWriter) _writers++;
        }

        // Writes are not cancelled by one caller's token: the batch holds other callers' rows too.
        if (startWriter) _ = Task.Run(() => WriteAllAsync(CancellationToken.None), CancellationToken.None);
        await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteAllAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            List<Pending> batch;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _writers--;
                    return;
                }

                batch = _pending.Count <= MaxBatch ? _pending : _pending.GetRange(0, MaxBatch);
                _pending = _pending.Count <= MaxBatch ? [] : _pending.GetRange(MaxBatch, _pending.Count - MaxBatch);
            }

            try
            {
                await WriteAsync(batch, cancellationToken);
                foreach (var item in batch) item.Completion.TrySetResult();
            }
            catch (Exception) when (batch.Count > 1)
            {
                foreach (var item in batch)
                {
                    try
                    {
                        await WriteAsync([item], cancellationToken);
                        item.Completion.TrySetResult();
                    }
                    catch (Exception exception)
                    {
                        item.Completion.TrySetException(exception);
                    }
                }
            }
            catch (Exception exception)
            {
                foreach (var item in batch) item.Completion.TrySetException(exception);
            }
        }
    }

    private async Task WriteAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        try
        {
            if (await database.InsertNewInstancesAsync(batch.ConvertAll(p => p.Rows), cancellationToken)) return;
        }
        catch (System.Data.Common.DbException exception)
        {
            // The provider's own INSERTs fail with the driver's exception; callers handle a refused write (a duplicate
            // idempotency key or instance id from another replica) as DbUpdateException, which is what EF's path throws.
            throw new DbUpdateException("Writing new workflow instances failed: " + exception.Message, exception);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false; // only new rows: nothing to detect
        foreach (var item in batch) item.Rows.AddTo(db);
        await db.SaveChangesAsync(cancellationToken);
    }

    private sealed class Pending(NewInstanceRows rows)
    {
        public NewInstanceRows Rows { get; } = rows;
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
