using System.Text.Json.Nodes;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Serialization;

/// <summary>
/// A workflow definition in Elsa 3's JSON model: the root activity, the variables, and every other
/// top-level property (identity, options, inputs, outputs, custom properties…) kept as JSON so it
/// writes back unchanged.
/// </summary>
public sealed class WorkflowDefinition
{
    public WorkflowDefinition(Activity root, List<Variable>? variables = null, JsonObject? document = null)
    {
        Root = root;
        Variables = variables ?? [];
        Document = document ?? [];
    }

    /// <summary>Every top-level property except <c>root</c> and <c>variables</c>.</summary>
    public JsonObject Document { get; }

    public Activity Root { get; set; }
    public List<Variable> Variables { get; set; }

    /// <summary>The version id.</summary>
    public string? Id { get => GetString("id"); set => Document["id"] = value; }
    public string? DefinitionId { get => GetString("definitionId"); set => Document["definitionId"] = value; }
    public string? Name { get => GetString("name"); set => Document["name"] = value; }
    public string? Description { get => GetString("description"); set => Document["description"] = value; }

    public int Version
    {
        get => Document["version"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 1;
        set => Document["version"] = value;
    }

    /// <summary>The incident strategy from <c>options.incidentStrategyType</c>.</summary>
    public IncidentStrategy IncidentStrategy =>
        (Document["options"] as JsonObject)?["incidentStrategyType"] is JsonValue v && v.TryGetValue<string>(out var type)
        && type.Contains("ContinueWithIncidents", StringComparison.OrdinalIgnoreCase)
            ? IncidentStrategy.ContinueWithIncidents
            : IncidentStrategy.Fault;

    /// <summary>The commit strategy from <c>options.commitStrategyName</c> (<c>Transient</c>, or stored always).</summary>
    public CommitStrategy CommitStrategy =>
        (Document["options"] as JsonObject)?["commitStrategyName"] is JsonValue v && v.TryGetValue<string>(out var name)
        && string.Equals(name, nameof(CommitStrategy.Transient), StringComparison.OrdinalIgnoreCase)
            ? CommitStrategy.Transient
            : CommitStrategy.Always;

    /// <summary>A runnable workflow of this definition (shares the activity objects).</summary>
    public Workflow ToWorkflow() => new(Root)
    {
        Variables = Variables,
        DefinitionId = DefinitionId ?? "",
        DefinitionVersionId = Id ?? "",
        DefinitionVersion = Version,
        WorkflowName = Name,
        IncidentStrategy = IncidentStrategy,
        CommitStrategy = CommitStrategy,
        InputDefinitions = Document["inputs"] as JsonArray,
        OutputDefinitions = Document["outputs"] as JsonArray,
    };

    private string? GetString(string name) => Document[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
