namespace IntellyHub.Runtime.Dispatch;

/// <summary>A key that was used once (a trigger's stimulus id, a request's Idempotency-Key); unique.</summary>
public sealed class IdempotencyKeyRecord
{
    public required string Key { get; set; }

    /// <summary>What the first use produced (e.g. the started instance ids), so a repeat can answer the same.</summary>
    public string? Result { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
