using System.Text.Json;
using IntellyHub.Runtime.Dispatch;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.State;
using Microsoft.EntityFrameworkCore;

namespace IntellyHub.Runtime.Instances;

/// <summary>
/// The runtime's <see cref="IStimulusSender"/>: queues one resume per waiting bookmark (in one transaction), so a
/// stimulus delivered by a watcher survives a crash and runs in any replica; a bookmark whose resume is already
/// queued is not queued twice.
/// </summary>
public sealed class RuntimeStimulusSender(IDbContextFactory<IntellyHubDbContext> dbFactory, DispatchSignal signal, TimeProvider clock) : IStimulusSender
{
    /// <inheritdoc />
    public async Task<int> SendAsync(string name, object? stimulus, IDictionary<string, object?>? input = null, CancellationToken cancellationToken = default)
    {
        var hash = StimulusHasher.Hash(name, stimulus);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var waiting = await db.Bookmarks.Where(b => b.Name == name && b.Hash == hash)
            .Where(b => !db.DispatchQueue.Any(q => q.BookmarkId == b.Id))
            .Select(b => new { b.Id, b.WorkflowInstanceId }).ToListAsync(cancellationToken);
        if (waiting.Count == 0) return 0;

        var now = clock.GetUtcNow();
        var payload = JsonSerializer.Serialize(new DispatchPayload(input is null ? null : new Dictionary<string, object?>(input), null, null, null), WorkflowStateSerializer.Options);
        foreach (var bookmark in waiting)
        {
            db.DispatchQueue.Add(new DispatchItem
            {
                Kind = DispatchKind.Resume,
                WorkflowInstanceId = bookmark.WorkflowInstanceId,
                BookmarkId = bookmark.Id,
                Payload = payload,
                CreatedAt = now,
                VisibleAt = now,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return waiting.Count;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WaitingBookmark>> FindBookmarksAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Bookmarks.AsNoTracking().Where(b => b.Name == name)
            .Select(b => new { b.Id, b.WorkflowInstanceId, b.Name, b.Payload }).ToListAsync(cancellationToken);
        return rows.Select(b => new WaitingBookmark(b.Id, b.WorkflowInstanceId, b.Name,
            b.Payload is null ? null : JsonDocument.Parse(b.Payload).RootElement.Clone())).ToList();
    }
}
