using IntellyHub.Runtime.Instances;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.State;

namespace IntellyHub.Server.WorkflowApi.Instances;

/// <summary>A stored instance's engine state, or why it cannot be read.</summary>
internal sealed record StoredState(WorkflowState? State, string? Error)
{
    /// <summary>Reads the serialized state of <paramref name="record"/>; never throws.</summary>
    public static StoredState Read(WorkflowInstanceRecord record)
    {
        if (record.State is null) return new StoredState(null, "The instance has no stored state.");
        try
        {
            return new StoredState(WorkflowStateSerializer.Deserialize(record.State), null);
        }
        catch (WorkflowStateException exception)
        {
            return new StoredState(null, exception.Message);
        }
    }
}

/// <summary>
/// Maps a stored instance to Elsa's <c>WorkflowInstance</c>. Status and sub-status come from the instance row
/// (the runtime's truth: it may have marked the instance Faulted without touching the state). An instance
/// whose state cannot be read is still shown, as Finished/Faulted with the reason as its fault.
/// </summary>
internal static class InstanceView
{
    public static WorkflowInstanceModel ToModel(WorkflowInstanceRecord record, DateTimeOffset now)
    {
        var stored = StoredState.Read(record);
        var readable = stored.State is not null;
        var status = readable ? record.Status : WorkflowStatus.Finished;
        var subStatus = readable ? record.SubStatus : WorkflowSubStatus.Faulted;
        var finishedAt = readable ? record.FinishedAt : record.FinishedAt ?? record.UpdatedAt;
        var state = stored.State is { } s
            ? ToStateModel(record, s, status, subStatus)
            : new WorkflowStateModel(record.Id, record.DefinitionId, record.DefinitionVersionId, record.DefinitionVersion, record.CorrelationId,
                status, subStatus, [], [], new WorkflowFaultModel(null, record.FaultReason ?? stored.Error ?? "The workflow state cannot be read.", null),
                [], [], new Dictionary<string, object?>(), new Dictionary<string, object?>(), new Dictionary<string, object?>(),
                record.CreatedAt, record.UpdatedAt, finishedAt);

        return new WorkflowInstanceModel(
            record.Id, record.DefinitionId, record.DefinitionVersionId, record.DefinitionVersion, null, state, status, subStatus,
            IsExecuting: record.LeaseOwner is not null && record.LeaseExpiresAt > now,
            record.CorrelationId, record.Name, readable ? record.IncidentCount : Math.Max(record.IncidentCount, 1), IsSystem: false,
            record.CreatedAt, record.UpdatedAt, finishedAt);
    }

    private static WorkflowStateModel ToStateModel(WorkflowInstanceRecord record, WorkflowState state, WorkflowStatus status, WorkflowSubStatus subStatus)
    {
        var contexts = state.ActivityExecutionContexts;
        var nodeOf = contexts.ToDictionary(c => c.Id, c => c.ScheduledActivityNodeId, StringComparer.Ordinal);
        var contextModels = contexts.Select(c => new ActivityExecutionContextModel(
            c.Id, c.ParentContextId, c.ScheduledActivityNodeId,
            c.ParentContextId is { } parent ? nodeOf.GetValueOrDefault(parent) : null,
            c.Status, c.StartedAt, c.Properties, c.ActivityState, [])).ToList();
        var callbacks = contexts
            .Where(c => c.ParentContextId is not null && c.CompletionCallbackMethodName is not null)
            .Select(c => new CompletionCallbackModel(c.ParentContextId!, c.ScheduledActivityNodeId, c.CompletionCallbackMethodName))
            .ToList();

        return new WorkflowStateModel(
            state.Id is { Length: > 0 } id ? id : record.Id,
            record.DefinitionId, record.DefinitionVersionId, record.DefinitionVersion, record.CorrelationId,
            status, subStatus, status == WorkflowStatus.Finished && state.Status != WorkflowStatus.Finished ? [] : state.Bookmarks, state.Incidents, Fault(record, state, subStatus), callbacks, contextModels,
            state.Input, state.Output, state.Properties, state.CreatedAt, record.UpdatedAt, record.FinishedAt);
    }

    // Elsa sets a workflow fault when the workflow itself faulted; here that is a runtime-recorded reason
    // or, for a Faulted instance, the incident that stopped it.
    private static WorkflowFaultModel? Fault(WorkflowInstanceRecord record, WorkflowState state, WorkflowSubStatus subStatus)
    {
        if (record.FaultReason is { } reason) return new WorkflowFaultModel(null, reason, null);
        if (subStatus != WorkflowSubStatus.Faulted || state.Incidents.Count == 0) return null;
        var incident = state.Incidents[^1];
        return new WorkflowFaultModel(incident.Exception, incident.Message, incident.ActivityId);
    }
}
