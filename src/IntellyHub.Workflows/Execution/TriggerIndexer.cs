using System.Text.Json;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Expressions;
using IntellyHub.Workflows.Flow;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntellyHub.Workflows.Execution;

/// <summary>A stimulus that starts a workflow: the trigger activity, the stimulus kind and its hash.</summary>
public sealed record WorkflowTrigger(string ActivityId, string ActivityNodeId, string Name, string Hash, JsonElement Payload);

/// <summary>
/// Finds the triggers of a workflow: trigger activities that can start it (marked
/// <c>canStartWorkflow</c>, or the start activity of its root) and the stimuli they answer to.
/// The runtime indexes them when a definition is published.
/// </summary>
public sealed class TriggerIndexer(IServiceProvider services, ExpressionEvaluator expressions, TimeProvider clock)
{
    /// <summary>The workflow's triggers.</summary>
    public async ValueTask<IReadOnlyList<WorkflowTrigger>> GetTriggersAsync(Workflow workflow, CancellationToken cancellationToken = default)
    {
        var triggers = new List<WorkflowTrigger>();
        var startActivity = StartActivityOf(workflow.Root);
        var context = new WorkflowExecutionContext(workflow, "trigger-indexing", services, expressions, clock, NullLogger.Instance, cancellationToken);
        context.InitializeVariables();
        foreach (var activity in workflow.Graph.Activities)
        {
            if (activity is not ITrigger trigger) continue;
            if (!activity.CanStartWorkflow && !ReferenceEquals(activity, startActivity)) continue;
            var activityContext = context.CreateContext(IdGenerator.NewId(), activity, null);
            await expressions.EvaluateInputsAsync(activityContext);
            foreach (var stimulus in trigger.GetTriggerStimuli(activityContext))
            {
                var payload = StimulusHasher.ToPayload(stimulus);
                triggers.Add(new WorkflowTrigger(activity.Id, activity.NodeId, activity.Type, StimulusHasher.Hash(activity.Type, payload), payload));
            }
        }

        return triggers;
    }

    private static Activity? StartActivityOf(Activity? root) => root switch
    {
        Flowchart flowchart => flowchart.FindStartActivity(),
        Activities.Composition.Sequence sequence => sequence.Activities.FirstOrDefault(),
        _ => root,
    };
}
