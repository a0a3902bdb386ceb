namespace IntellyHub.Runtime.Definitions;

/// <summary>A stimulus that starts a published workflow (rebuilt when a definition is published or retracted).</summary>
public sealed class TriggerRecord
{
    public required string Id { get; set; }
    public required string DefinitionId { get; set; }
    public required string DefinitionVersionId { get; set; }

    /// <summary>The stimulus kind (the trigger activity's type).</summary>
    public required string Name { get; set; }

    /// <summary>Hash of the stimulus payload.</summary>
    public required string Hash { get; set; }

    public required string ActivityId { get; set; }
    public string? Payload { get; set; }
}
