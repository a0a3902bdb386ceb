using System.Text.Json.Nodes;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities;

/// <summary>
/// A step of a workflow. An activity is a node of the definition graph: it holds its inputs as
/// expressions and never state of a run. Everything a run needs goes through the
/// <see cref="ActivityExecutionContext"/> passed to <see cref="ExecuteAsync"/>.
/// </summary>
public abstract class Activity
{
    private readonly ActivityTypeInfo _typeInfo;

    protected Activity()
    {
        _typeInfo = ActivityTypeInfo.Of(GetType());
    }

    /// <summary>Reflection metadata of this activity's class (type name, inputs, outputs, ports).</summary>
    public ActivityTypeInfo TypeInfo => _typeInfo;

    /// <summary>Id, unique within the definition.</summary>
    public string Id { get; set; } = "";

    /// <summary>Path of ids from the workflow down to this activity: <c>Workflow1:flowchart1:start1</c>.</summary>
    public string NodeId { get; set; } = "";

    /// <summary>Stable type name stored in workflow JSON.</summary>
    public virtual string Type => _typeInfo.TypeName;

    /// <summary>Type version.</summary>
    public virtual int Version => _typeInfo.Version;

    /// <summary>Name shown in the designer (e.g. <c>WriteLine1</c>).</summary>
    public string? Name { get; set; }

    /// <summary>Designer metadata (position, size, display text), carried through untouched.</summary>
    public JsonObject? Metadata { get; set; }

    /// <summary>Custom properties (<c>canStartWorkflow</c>, <c>runAsynchronously</c>…), carried through.</summary>
    public JsonObject? CustomProperties { get; set; }

    /// <summary>JSON properties the activity class does not declare, written back unchanged.</summary>
    public JsonObject? ExtraProperties { get; set; }

    /// <summary>True when the designer marked this trigger as one that starts the workflow.</summary>
    public bool CanStartWorkflow =>
        CustomProperties?["canStartWorkflow"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>Does the activity's work. The activity completes through <see cref="ActivityExecutionContext.CompleteAsync()"/>.</summary>
    protected internal abstract ValueTask ExecuteAsync(ActivityExecutionContext context);

    /// <summary>Called when the activity is cancelled while running or waiting (clean up external work here).</summary>
    protected internal virtual ValueTask OnCanceledAsync(ActivityExecutionContext context) => default;

    /// <summary>The activities this one contains (embedded ports, container children).</summary>
    public virtual IEnumerable<Activity> GetChildren()
    {
        foreach (var port in _typeInfo.Ports)
        {
            switch (port.Getter(this))
            {
                case Activity child:
                    yield return child;
                    break;
                case IEnumerable<Activity> children:
                    foreach (var c in children) yield return c;
                    break;
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Type} {Id}";
}
