using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities;

/// <summary>
/// An activity that can start a workflow. When a definition is published, the runtime asks each trigger
/// for the stimuli that start it (an event name, an HTTP path and method, a cron expression…) and indexes
/// their hashes; a matching stimulus then starts the workflow with this activity as its trigger.
/// </summary>
public interface ITrigger
{
    /// <summary>
    /// The stimuli that start the workflow. <paramref name="context"/> has the trigger's inputs evaluated
    /// (read them with <see cref="ActivityExecutionContext.Get{T}"/>); nothing else of a run exists yet.
    /// </summary>
    IEnumerable<object> GetTriggerStimuli(ActivityExecutionContext context);
}
