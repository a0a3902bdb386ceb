using System.Text.Json;

namespace IntellyHub.Workflows.Execution;

/// <summary>
/// Delivers stimuli from outside a run (a watcher of an external system) to the bookmarks waiting for them.
/// The engine defines it; the durable runtime implements it. A delivery is durable: each matching bookmark's
/// resume is queued, runs in whichever process takes it, and consumes the bookmark once.
/// </summary>
public interface IStimulusSender
{
    /// <summary>
    /// Queues the resume of every bookmark waiting for <paramref name="stimulus"/> of kind <paramref name="name"/>
    /// with <paramref name="input"/>. Returns how many bookmarks it queued (0 when none waits, or each one's
    /// resume is already queued).
    /// </summary>
    Task<int> SendAsync(string name, object? stimulus, IDictionary<string, object?>? input = null, CancellationToken cancellationToken = default);

    /// <summary>The stored bookmarks of a stimulus kind, for reconciling them with an external system.</summary>
    Task<IReadOnlyList<WaitingBookmark>> FindBookmarksAsync(string name, CancellationToken cancellationToken = default);
}

/// <summary>A stored bookmark: which instance waits, and for which stimulus (its payload).</summary>
public sealed record WaitingBookmark(string BookmarkId, string WorkflowInstanceId, string Name, JsonElement? Payload)
{
    /// <summary>The stimulus payload converted to <typeparamref name="T"/>.</summary>
    public T? GetPayload<T>() => Payload is { } payload ? payload.Deserialize<T>(StimulusHasher.PayloadOptions) : default;
}
