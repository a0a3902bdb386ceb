using IntellyHub.Workflows.Execution;

namespace IntellyHub.Runtime.Instances;

/// <summary>A workflow instance: status, the serialized engine state, and the lease of the process running it.</summary>
public sealed class WorkflowInstanceRecord
{
    public required string Id { get; set; }
    public required string DefinitionId { get; set; }
    public required string DefinitionVersionId { get; set; }
    public int DefinitionVersion { get; set; }
    public string? Name { get; set; }
    public string? CorrelationId { get; set; }
    public WorkflowStatus Status { get; set; }
    public WorkflowSubStatus SubStatus { get; set; }
    public int IncidentCount { get; set; }

    /// <summary>The serialized <c>WorkflowState</c>.</summary>
    public string? State { get; set; }

    /// <summary>Why the instance was marked faulted outside the engine (e.g. unreadable state).</summary>
    public string? FaultReason { get; set; }

    /// <summary>The process that runs the instance now, if any.</summary>
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}
