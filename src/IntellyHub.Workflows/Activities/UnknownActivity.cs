using System.Text.Json.Nodes;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities;

/// <summary>
/// Stands in for an activity whose type this host does not know. Its JSON is kept whole and written
/// back unchanged, so nothing is lost; running it faults with a clear message.
/// </summary>
[Activity("IntellyHub.UnknownActivity", Category = "System", Description = "An activity whose type is not installed.", IsBrowsable = false)]
public sealed class UnknownActivity : Activity
{
    private readonly string _typeName;
    private readonly int _version;

    public UnknownActivity() : this(new JsonObject()) { }

    public UnknownActivity(JsonObject json)
    {
        Json = json;
        _typeName = json["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : "";
        _version = json["version"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 1;
    }

    /// <summary>The activity's JSON as read.</summary>
    public JsonObject Json { get; }

    /// <inheritdoc />
    public override string Type => _typeName;

    /// <inheritdoc />
    public override int Version => _version;

    /// <summary>Child activities found in the JSON are not run; the node is opaque.</summary>
    public override IEnumerable<Activity> GetChildren() => [];

    /// <inheritdoc />
    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context) =>
        throw new InvalidOperationException($"Activity type '{_typeName}' (version {_version}) is not installed on this host.");
}
