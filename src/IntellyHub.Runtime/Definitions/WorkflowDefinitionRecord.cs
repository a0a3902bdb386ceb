namespace IntellyHub.Runtime.Definitions;

/// <summary>One stored version of a workflow definition; <see cref="Data"/> is the Elsa 3 JSON.</summary>
public sealed class WorkflowDefinitionRecord
{
    /// <summary>The version id.</summary>
    public required string Id { get; set; }
    public required string DefinitionId { get; set; }
    public int Version { get; set; }
    public bool IsLatest { get; set; }
    public bool IsPublished { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }

    /// <summary>The definition JSON (Elsa 3 shape).</summary>
    public required string Data { get; set; }

    /// <summary>Hash of the design (activities, variables, options…) used to make saves idempotent.</summary>
    public required string ModelHash { get; set; }

    /// <summary>Deleted definitions are kept while instances still refer to them.</summary>
    public bool IsDeleted { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
