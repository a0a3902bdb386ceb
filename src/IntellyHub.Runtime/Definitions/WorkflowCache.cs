using System.Collections.Concurrent;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Serialization;

namespace IntellyHub.Runtime.Definitions;

/// <summary>
/// Runnable workflows by definition version id, built once from the stored JSON. A draft saved in
/// place is evicted; published versions never change.
/// </summary>
public sealed class WorkflowCache(WorkflowDefinitionSerializer serializer)
{
    private readonly ConcurrentDictionary<string, Workflow> _workflows = new(StringComparer.Ordinal);

    /// <summary>The workflow of a stored version (materialized on first use).</summary>
    public Workflow Get(WorkflowDefinitionRecord record) => _workflows.GetOrAdd(record.Id, _ => Materialize(record));

    /// <summary>A cached workflow, if any.</summary>
    public Workflow? Find(string definitionVersionId) => _workflows.GetValueOrDefault(definitionVersionId);

    public void Evict(string definitionVersionId) => _workflows.TryRemove(definitionVersionId, out _);

    /// <summary>Reads a stored definition into a runnable workflow with its stored identity.</summary>
    public Workflow Materialize(WorkflowDefinitionRecord record)
    {
        var definition = serializer.Parse(record.Data);
        var workflow = definition.ToWorkflow();
        workflow.DefinitionId = record.DefinitionId;
        workflow.DefinitionVersionId = record.Id;
        workflow.DefinitionVersion = record.Version;
        workflow.WorkflowName = record.Name;
        return workflow;
    }
}
