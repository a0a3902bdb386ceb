namespace IntellyHub.Workflows.Activities;

/// <summary>
/// Lookups over a workflow's activity tree: activities by node id and id, and every variable declared
/// anywhere in the tree (all variables share the workflow scope). Building it assigns missing ids and
/// every node id (<c>parentNodeId:id</c>).
/// </summary>
public sealed class WorkflowGraph
{
    private readonly Dictionary<string, Activity> _byNodeId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Activity> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Activity> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Variable> _variables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Variable> _variablesByName = new(StringComparer.Ordinal);
    private readonly List<Activity> _activities = [];
    private readonly List<Variable> _allVariables = [];

    private WorkflowGraph() { }

    /// <summary>Every activity, parents before children.</summary>
    public IReadOnlyList<Activity> Activities => _activities;

    /// <summary>Every declared variable.</summary>
    public IReadOnlyList<Variable> Variables => _allVariables;

    internal static WorkflowGraph Build(Workflow workflow)
    {
        var graph = new WorkflowGraph();
        var counters = new Dictionary<string, int>(StringComparer.Ordinal);
        var usedIds = new HashSet<string>(StringComparer.Ordinal);
        CollectIds(workflow, usedIds);
        graph.Visit(workflow, null, counters, usedIds);
        foreach (var variable in workflow.Variables) graph.AddVariable(variable);
        foreach (var activity in graph._activities)
        {
            if (activity is IVariableContainer container)
                foreach (var variable in container.Variables) graph.AddVariable(variable);
        }

        return graph;
    }

    private static void CollectIds(Activity activity, HashSet<string> ids)
    {
        if (activity.Id.Length > 0) ids.Add(activity.Id);
        foreach (var child in activity.GetChildren()) CollectIds(child, ids);
    }

    private void Visit(Activity activity, Activity? parent, Dictionary<string, int> counters, HashSet<string> usedIds)
    {
        if (activity.Id.Length == 0)
        {
            var baseName = char.ToLowerInvariant(activity.TypeInfo.Name[0]) + activity.TypeInfo.Name[1..];
            string id;
            do
            {
                counters[baseName] = counters.TryGetValue(baseName, out var n) ? n + 1 : 1;
                id = baseName + counters[baseName];
            } while (!usedIds.Add(id));

            activity.Id = id;
        }

        activity.NodeId = parent is null ? activity.Id : parent.NodeId + ":" + activity.Id;
        _activities.Add(activity);
        _byNodeId[activity.NodeId] = activity;
        _byId.TryAdd(activity.Id, activity);
        if (activity.Name is { Length: > 0 } name) _byName.TryAdd(name, activity);
        foreach (var child in activity.GetChildren()) Visit(child, activity, counters, usedIds);
    }

    private void AddVariable(Variable variable)
    {
        if (!_variables.TryAdd(variable.Id, variable)) return;
        _allVariables.Add(variable);
        _variablesByName.TryAdd(variable.Name, variable);
    }

    /// <summary>An activity by node id.</summary>
    public Activity? FindByNodeId(string nodeId) => _byNodeId.GetValueOrDefault(nodeId);

    /// <summary>An activity by id, or else by name.</summary>
    public Activity? Find(string idOrName) => _byId.GetValueOrDefault(idOrName) ?? _byName.GetValueOrDefault(idOrName);

    /// <summary>A variable by id, or else by name.</summary>
    public Variable? FindVariable(string idOrName) => _variables.GetValueOrDefault(idOrName) ?? _variablesByName.GetValueOrDefault(idOrName);
}

/// <summary>An activity that declares variables (flowchart, sequence); they join the workflow scope.</summary>
public interface IVariableContainer
{
    List<Variable> Variables { get; }
}
