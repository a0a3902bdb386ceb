using System.Collections;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities.Looping;

/// <summary>Runs its body once for each item of a collection.</summary>
[Activity("Elsa.ForEach", Category = "Looping", Description = "Runs the body once for each item of a collection.")]
public sealed class ForEach : Activity, IBreakable
{
    private const string IndexProperty = "CurrentIndex";

    [Input(Description = "The items to iterate.", UIHint = InputUIHints.MultiText)]
    public Input<object?>? Items { get; set; }

    /// <summary>Runs once per item.</summary>
    [Port]
    public Activity? Body { get; set; }

    [Output(Description = "The current item; bind it to a variable to use it in the body.")]
    public Output<object?> CurrentValue { get; set; } = new();

    /// <inheritdoc />
    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context) => IterateAsync(context, 0);

    private ValueTask IterateAsync(ActivityExecutionContext context, int index)
    {
        var items = ToList(context.Get(Items));
        if (index >= items.Count || Body is null || LoopBreak.IsBreaking(context)) return context.CompleteAsync();
        context.SetProperty(IndexProperty, index);
        context.Set(CurrentValue, items[index]);
        context.ScheduleActivity(Body, OnBodyCompletedAsync);
        return default;
    }

    private ValueTask OnBodyCompletedAsync(ActivityExecutionContext owner, ActivityExecutionContext child) =>
        IterateAsync(owner, owner.GetProperty<int>(IndexProperty) + 1);

    private static IReadOnlyList<object?> ToList(object? items) => items switch
    {
        null => [],
        string text when text.TrimStart().StartsWith('[') => ValueConverter.Convert<List<object?>>(text) ?? [],
        string text => text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        IReadOnlyList<object?> list => list,
        IEnumerable enumerable => enumerable.Cast<object?>().ToList(),
        _ => [items],
    };
}
