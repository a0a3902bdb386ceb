using IntellyHub.Workflows.Activities;

namespace IntellyHub.Workflows.Flow;

/// <summary>
/// Lookups over a flowchart's connections: outbound and inbound connections per activity, which
/// connections are backward (they close a loop), and each activity's forward ancestors.
/// Derived from the definition only; built once per flowchart.
/// </summary>
internal sealed class FlowGraph
{
    private readonly Dictionary<string, Activity> _activities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Connection>> _outbound = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Connection>> _inbound = new(StringComparer.Ordinal);
    private readonly HashSet<Connection> _backward = [];
    private readonly Dictionary<string, HashSet<string>> _ancestors = new(StringComparer.Ordinal);

    private FlowGraph() { }

    public static FlowGraph Build(Flowchart flowchart)
    {
        var graph = new FlowGraph();
        foreach (var activity in flowchart.Activities) graph._activities.TryAdd(activity.Id, activity);
        foreach (var connection in flowchart.Connections)
        {
            if (!graph._activities.ContainsKey(connection.Source.Activity) || !graph._activities.ContainsKey(connection.Target.Activity)) continue;
            Add(graph._outbound, connection.Source.Activity, connection);
            Add(graph._inbound, connection.Target.Activity, connection);
        }

        graph.FindBackwardConnections(flowchart);
        return graph;
    }

    private static void Add(Dictionary<string, List<Connection>> map, string key, Connection connection)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add(connection);
    }

    public Activity? Find(string activityId) => _activities.GetValueOrDefault(activityId);

    public IReadOnlyList<Connection> Outbound(string activityId) => _outbound.TryGetValue(activityId, out var list) ? list : [];

    public IReadOnlyList<Connection> Inbound(string activityId) => _inbound.TryGetValue(activityId, out var list) ? list : [];

    public bool IsBackward(Connection connection) => _backward.Contains(connection);

    public IEnumerable<Connection> ForwardInbound(string activityId) => Inbound(activityId).Where(c => !_backward.Contains(c));

    /// <summary>Activities from which <paramref name="activityId"/> is reachable over forward connections.</summary>
    public HashSet<string> AncestorsOf(string activityId)
    {
        lock (_ancestors)
        {
            if (_ancestors.TryGetValue(activityId, out var cached)) return cached;
            var result = new HashSet<string>(StringComparer.Ordinal);
            var stack = new Stack<string>();
            stack.Push(activityId);
            while (stack.Count > 0)
            {
                foreach (var connection in ForwardInbound(stack.Pop()))
                    if (result.Add(connection.Source.Activity)) stack.Push(connection.Source.Activity);
            }

            _ancestors[activityId] = result;
            return result;
        }
    }

    // A depth-first walk from the entry points marks connections that lead back to an activity on the current path.
    private void FindBackwardConnections(Flowchart flowchart)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on path, 2 = done
        var roots = flowchart.Activities.Where(a => a.TypeInfo.IsStart || Inbound(a.Id).Count == 0).Concat(flowchart.Activities);
        foreach (var root in roots)
        {
            if (state.ContainsKey(root.Id)) continue;
            var stack = new Stack<(string Id, int Next)>();
            stack.Push((root.Id, 0));
            state[root.Id] = 1;
            while (stack.Count > 0)
            {
                var (id, next) = stack.Pop();
                var outbound = Outbound(id);
                if (next < outbound.Count)
                {
                    stack.Push((id, next + 1));
                    var connection = outbound[next];
                    var target = connection.Target.Activity;
                    if (!state.TryGetValue(target, out var mark))
                    {
                        state[target] = 1;
                        stack.Push((target, 0));
                    }
                    else if (mark == 1)
                    {
                        _backward.Add(connection);
                    }
                }
                else
                {
                    state[id] = 2;
                }
            }
        }
    }
}
