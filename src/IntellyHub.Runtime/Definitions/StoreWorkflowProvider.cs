using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Composition;

namespace IntellyHub.Runtime.Definitions;

/// <summary>Finds published workflows in the store for <c>Elsa.ExecuteWorkflow</c>.</summary>
public sealed class StoreWorkflowProvider(WorkflowDefinitionService definitions, WorkflowCache cache) : IWorkflowProvider
{
    public async ValueTask<Workflow?> FindAsync(string definitionId, CancellationToken cancellationToken)
    {
        var record = await definitions.FindAsync(definitionId, VersionOptions.Published, cancellationToken);
        return record is null ? null : cache.Get(record);
    }
}
