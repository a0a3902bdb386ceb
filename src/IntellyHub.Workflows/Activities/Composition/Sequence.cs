using IntellyHub.Workflows.Activities.Looping;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities.Composition;

/// <summary>Runs its activities one after another. A terminal child (Break, End) ends the sequence early.</summary>
[Activity("Elsa.Sequence", Category = "Workflows", Description = "Runs activities one after another.", IsBrowsable = false)]
public sealed class Sequence : Activity, IContainerActivity, IVariableContainer
{
    private const string IndexProperty = "CurrentIndex";

    public Sequence() { }

    public Sequence(params Activity[] activities) => Activities = [.. activities];

    public List<Activity> Activities { get; set; } = [];

    /// <summary>Variables declared on the sequence (workflow scope).</summary>
    public List<Variable> Variables { get; set; } = [];

    /// <inheritdoc />
    public override IEnumerable<Activity> GetChildren() => Activities;

    /// <inheritdoc />
    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context) => RunChildAsync(context, 0);

    private ValueTask RunChildAsync(ActivityExecutionContext context, int index)
    {
        if (index >= Activities.Count) return context.CompleteAsync();
        context.SetProperty(IndexProperty, index);
        context.ScheduleActivity(Activities[index], OnChildCompletedAsync);
        return default;
    }

    private ValueTask OnChildCompletedAsync(ActivityExecutionContext owner, ActivityExecutionContext child)
    {
        // A Break nested deeper in this sequence (under an If, Switch…) stops the rest of the sequence too.
        if (child.Activity.TypeInfo.IsTerminal || LoopBreak.IsEnclosingLoopBreaking(owner)) return owner.CompleteAsync();
        return RunChildAsync(owner, owner.GetProperty<int>(IndexProperty) + 1);
    }
}
