using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Looping;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Flow;

/// <summary>
/// A graph of activities joined by connections between outcome ports. One start activity runs first;
/// when an activity completes, every connection leaving one of its outcomes carries a token to its
/// target. A target runs once per token, except a join (<c>Elsa.FlowJoin</c>, or any activity whose
/// <c>customProperties.mergeMode</c> is <c>Merge</c>/<c>Converge</c>/<c>Race</c>), which waits for all
/// forward inbound connections (WaitAll), for every branch still able to reach it (WaitAllActive), or
/// runs on the first token and cancels the other inbound branches (WaitAny). A terminal activity (End, Break) completes the flowchart at once; otherwise it
/// completes when no child is scheduled, running or waiting.
/// </summary>
[Activity("Elsa.Flowchart", Category = "Flow", Description = "A flowchart of activities connected by their outcomes.", IsBrowsable = false)]
public sealed class Flowchart : Activity, IContainerActivity, IVariableContainer
{
    private const string JoinsProperty = "Joins";
    private const string WaitingJoinsProperty = "WaitingJoins";
    private FlowGraph? _graph;

    public Flowchart() { }

    public Flowchart(IEnumerable<Activity> activities, IEnumerable<Connection> connections)
    {
        Activities = [.. activities];
        Connections = [.. connections];
    }

    /// <summary>The activities on the canvas.</summary>
    public List<Activity> Activities { get; set; } = [];

    /// <summary>Connections between outcome ports and activities.</summary>
    public List<Connection> Connections { get; set; } = [];

    /// <summary>Variables declared on the flowchart (workflow scope).</summary>
    public List<Variable> Variables { get; set; } = [];

    internal FlowGraph Graph => _graph ??= FlowGraph.Build(this);

    /// <summary>Drops cached connection lookups after activities or connections were changed in code.</summary>
    public void Invalidate() => _graph = null;

    /// <inheritdoc />
    public override IEnumerable<Activity> GetChildren() => Activities;

    /// <inheritdoc />
    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var start = FindStartActivity(context.WorkflowExecutionContext);
        if (start is null) return context.CompleteAsync();
        context.ScheduleActivity(start, OnChildCompletedAsync);
        return default;
    }

    /// <summary>The trigger that started the workflow, else <c>Elsa.Start</c>, else a trigger marked to start the workflow, else the first activity without inbound connections.</summary>
    public Activity? FindStartActivity(WorkflowExecutionContext? workflowContext = null)
    {
        if (workflowContext is { TriggerActivityId: { } triggerId, TriggerConsumed: false } && Graph.Find(triggerId) is { } trigger)
            return trigger;
        return Activities.FirstOrDefault(a => a.TypeInfo.IsStart)
            ?? Activities.FirstOrDefault(a => a.CanStartWorkflow)
            ?? Activities.FirstOrDefault(a => Graph.Inbound(a.Id).Count == 0)
            ?? Activities.FirstOrDefault();
    }

    private async ValueTask OnChildCompletedAsync(ActivityExecutionContext flowchart, ActivityExecutionContext child)
    {
        // A terminal child (End, Break) ends the flowchart; so does a Break nested deeper (under an If…).
        if (child.Activity.TypeInfo.IsTerminal || LoopBreak.IsEnclosingLoopBreaking(flowchart))
        {
            await flowchart.CompleteAsync();
            return;
        }

        var graph = Graph;
        var outcomes = child.Outcomes;
        foreach (var connection in graph.Outbound(child.Activity.Id))
        {
            if (!Matches(connection.Source.Port, outcomes)) continue;
            var target = graph.Find(connection.Target.Activity)!;
            var mode = await GetJoinModeAsync(flowchart, target);
            switch (mode)
            {
                case JoinMode.None:
                    flowchart.ScheduleActivity(target, OnChildCompletedAsync);
                    break;
                case JoinMode.WaitAll:
                    ArriveAtWaitAllJoin(flowchart, connection, target);
                    break;
                case JoinMode.WaitAny:
                    await ArriveAtWaitAnyJoinAsync(flowchart, child, target);
                    break;
                case JoinMode.WaitAllActive:
                    ArriveAtWaitAllActiveJoin(flowchart, target);
                    break;
            }

            if (flowchart.Status != ActivityStatus.Running) return;
        }

        ReleaseSettledJoins(flowchart);

        if (flowchart.ActiveChildCount == 0)
        {
            flowchart.Properties.Remove(JoinsProperty);
            flowchart.Properties.Remove(WaitingJoinsProperty);
            await flowchart.CompleteAsync();
        }
    }

    private static bool Matches(string? port, IReadOnlyList<string> outcomes)
    {
        if (string.IsNullOrEmpty(port)) return outcomes.Contains(Outcomes.Done);
        for (var i = 0; i < outcomes.Count; i++)
            if (string.Equals(outcomes[i], port, StringComparison.Ordinal)) return true;
        return false;
    }

    private void ArriveAtWaitAllJoin(ActivityExecutionContext flowchart, Connection connection, Activity join)
    {
        if (Graph.IsBackward(connection))
        {
            flowchart.ScheduleActivity(join, OnChildCompletedAsync);
            return;
        }

        var joins = flowchart.GetProperty<Dictionary<string, List<string>>>(JoinsProperty) ?? new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!joins.TryGetValue(join.Id, out var arrived)) joins[join.Id] = arrived = [];
        if (!arrived.Contains(connection.Key)) arrived.Add(connection.Key);

        if (Graph.ForwardInbound(join.Id).All(c => arrived.Contains(c.Key)))
        {
            joins.Remove(join.Id);
            flowchart.ScheduleActivity(join, OnChildCompletedAsync);
        }

        flowchart.SetProperty(JoinsProperty, joins);
    }

    private static void ArriveAtWaitAllActiveJoin(ActivityExecutionContext flowchart, Activity join)
    {
        var waiting = flowchart.GetProperty<List<string>>(WaitingJoinsProperty) ?? [];
        if (!waiting.Contains(join.Id)) waiting.Add(join.Id);
        flowchart.SetProperty(WaitingJoinsProperty, waiting);
    }

    // A WaitAllActive join runs once no branch that could still reach it is scheduled, running or waiting.
    private void ReleaseSettledJoins(ActivityExecutionContext flowchart)
    {
        if (!flowchart.Properties.ContainsKey(WaitingJoinsProperty)) return;
        var waiting = flowchart.GetProperty<List<string>>(WaitingJoinsProperty) ?? [];
        var active = flowchart.Children.Select(c => c.Activity.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var joinId in waiting.ToList())
        {
            if (Graph.AncestorsOf(joinId).Overlaps(active)) continue;
            waiting.Remove(joinId);
            flowchart.ScheduleActivity(Graph.Find(joinId)!, OnChildCompletedAsync);
        }

        if (waiting.Count == 0) flowchart.Properties.Remove(WaitingJoinsProperty);
        else flowchart.SetProperty(WaitingJoinsProperty, waiting);
    }

    private async ValueTask ArriveAtWaitAnyJoinAsync(ActivityExecutionContext flowchart, ActivityExecutionContext source, Activity join)
    {
        // The first branch to arrive wins: the other branches leading to the join are cancelled.
        var ancestors = Graph.AncestorsOf(join.Id);
        foreach (var child in flowchart.Children)
        {
            if (ReferenceEquals(child, source) || !ancestors.Contains(child.Activity.Id)) continue;
            await flowchart.CancelChildAsync(child);
        }

        flowchart.ScheduleActivity(join, OnChildCompletedAsync);
    }

    private static async ValueTask<JoinMode> GetJoinModeAsync(ActivityExecutionContext flowchart, Activity target)
    {
        if (target is FlowJoin flowJoin)
        {
            return await flowchart.EvaluateAsync(flowJoin.Mode) switch
            {
                FlowJoinMode.WaitAny => JoinMode.WaitAny,
                FlowJoinMode.WaitAllActive => JoinMode.WaitAllActive,
                _ => JoinMode.WaitAll,
            };
        }

        if (target.CustomProperties?["mergeMode"]?.GetValue<string>() is { } mergeMode)
        {
            if (mergeMode.Equals("Merge", StringComparison.OrdinalIgnoreCase) || mergeMode.Equals("Converge", StringComparison.OrdinalIgnoreCase))
                return JoinMode.WaitAll;
            if (mergeMode.Equals("Race", StringComparison.OrdinalIgnoreCase))
                return JoinMode.WaitAny;
        }

        return JoinMode.None;
    }

    private enum JoinMode
    {
        None,
        WaitAll,
        WaitAllActive,
        WaitAny,
    }
}
