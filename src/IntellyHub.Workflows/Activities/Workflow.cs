using System.Text.Json.Nodes;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities;

/// <summary>
/// The root of every workflow: the definition's identity, variables and options, and the root
/// activity (usually a flowchart) it runs.
/// </summary>
[Activity("Elsa.Workflow", Category = "Workflows", Description = "A workflow: runs its root activity.", IsBrowsable = false)]
public sealed class Workflow : Activity, IContainerActivity
{
    private WorkflowGraph? _graph;

    /// <summary>Id every Elsa workflow root carries; node ids start with it.</summary>
    public const string RootId = "Workflow1";

    public Workflow()
    {
        Id = RootId;
        NodeId = RootId;
    }

    public Workflow(Activity root) : this() => Root = root;

    /// <summary>The activity the workflow runs.</summary>
    public Activity? Root { get; set; }

    /// <summary>Workflow-scoped typed variables.</summary>
    public List<Variable> Variables { get; set; } = [];

    public string DefinitionId { get; set; } = "";

    /// <summary>Id of this definition version.</summary>
    public string DefinitionVersionId { get; set; } = "";

    public int DefinitionVersion { get; set; } = 1;
    public string? WorkflowName { get; set; }

    /// <summary>What happens when an activity faults.</summary>
    public IncidentStrategy IncidentStrategy { get; set; } = IncidentStrategy.Fault;

    /// <summary>When the runtime stores a run of this workflow.</summary>
    public CommitStrategy CommitStrategy { get; set; } = CommitStrategy.Always;

    /// <summary>Declared workflow inputs and outputs (Elsa's definition metadata), carried through.</summary>
    public JsonArray? InputDefinitions { get; set; }
    public JsonArray? OutputDefinitions { get; set; }

    /// <summary>Lookups over the activity tree; built on first use and after <see cref="Invalidate"/>.</summary>
    public WorkflowGraph Graph => _graph ??= WorkflowGraph.Build(this);

    /// <summary>Drops the cached graph after the tree was changed in code.</summary>
    public void Invalidate() => _graph = null;

    /// <inheritdoc />
    public override IEnumerable<Activity> GetChildren() => Root is null ? [] : [Root];

    /// <inheritdoc />
    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (Root is null) return context.CompleteAsync();
        context.ScheduleActivity(Root, OnRootCompletedAsync);
        return default;
    }

    private ValueTask OnRootCompletedAsync(ActivityExecutionContext owner, ActivityExecutionContext child) => owner.CompleteAsync();
}
