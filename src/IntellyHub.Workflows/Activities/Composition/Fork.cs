using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities.Composition;

/// <summary>When a fork completes.</summary>
public enum ForkJoinMode
{
    /// <summary>After every branch completed.</summary>
    WaitAll,

    /// <summary>After the first branch completed; the others are cancelled.</summary>
    WaitAny,
}

/// <summary>Runs branches in parallel; completes when all (or the first) have completed.</summary>
[Activity("Elsa.Fork", Category = "Control Flow", Description = "Runs branches in parallel and completes when all, or the first, have completed.", IsBrowsable = false)]
public sealed class Fork : Activity
{
    [Input(Description = "WaitAll completes after every branch; WaitAny after the first (the others are cancelled).",
        UIHint = InputUIHints.Dropdown, Options = ["WaitAll", "WaitAny"], DefaultValue = "WaitAll")]
    public ForkJoinMode JoinMode { get; set; } = ForkJoinMode.WaitAll;

    public List<Activity> Branches { get; set; } = [];

    /// <inheritdoc />
    public override IEnumerable<Activity> GetChildren() => Branches;

    /// <inheritdoc />
    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (Branches.Count == 0) return context.CompleteAsync();
        foreach (var branch in Branches) context.ScheduleActivity(branch, OnBranchCompletedAsync);
        return default;
    }

    private ValueTask OnBranchCompletedAsync(ActivityExecutionContext owner, ActivityExecutionContext child) =>
        JoinMode == ForkJoinMode.WaitAny || !owner.HasActiveChildren ? owner.CompleteAsync() : default;
}
