using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities.Composition;

/// <summary>Runs all its activities at once and completes when all have completed.</summary>
[Activity("Elsa.Parallel", Category = "Workflows", Description = "Runs activities in parallel and completes when all have completed.", IsBrowsable = false)]
public sealed class Parallel : Activity, IContainerActivity, IVariableContainer
{
    public Parallel() { }

    public Parallel(params Activity[] activities) => Activities = [.. activities];

    public List<Activity> Activities { get; set; } = [];

    public List<Variable> Variables { get; set; } = [];

    /// <inheritdoc />
    public override IEnumerable<Activity> GetChildren() => Activities;

    /// <inheritdoc />
    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (Activities.Count == 0) return context.CompleteAsync();
        foreach (var activity in Activities) context.ScheduleActivity(activity, OnChildCompletedAsync);
        return default;
    }

    private ValueTask OnChildCompletedAsync(ActivityExecutionContext owner, ActivityExecutionContext child) =>
        owner.HasActiveChildren ? default : owner.CompleteAsync();
}
