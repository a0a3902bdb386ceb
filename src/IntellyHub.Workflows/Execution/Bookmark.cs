using System.Text.Json;

namespace IntellyHub.Workflows.Execution;

/// <summary>
/// A point where a workflow waits for a stimulus. <see cref="Name"/> (the stimulus kind, usually the
/// activity type) and <see cref="Hash"/> (of the stimulus payload) identify which stimulus resumes it.
/// </summary>
public sealed class Bookmark
{
    public required string Id { get; init; }

    /// <summary>The stimulus kind, normally the waiting activity's type name (<c>Elsa.Event</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Hash of the stimulus payload; equal stimuli have equal hashes.</summary>
    public required string Hash { get; init; }

    /// <summary>The stimulus payload as JSON.</summary>
    public JsonElement? Payload { get; init; }

    public required string ActivityId { get; init; }
    public required string ActivityNodeId { get; init; }

    /// <summary>Id of the waiting activity execution.</summary>
    public required string ActivityInstanceId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>True when the bookmark is removed as it is resumed (the usual case).</summary>
    public bool AutoBurn { get; init; } = true;

    /// <summary>Method of the activity invoked on resume; null completes the activity.</summary>
    public string? CallbackMethodName { get; init; }

    /// <summary>Free-form metadata (e.g. a due time) readable without the payload type.</summary>
    public IDictionary<string, string>? Metadata { get; init; }

    /// <summary>The payload converted to <typeparamref name="T"/>.</summary>
    public T? GetPayload<T>() => Payload is { } payload ? payload.Deserialize<T>(StimulusHasher.PayloadOptions) : default;
}
