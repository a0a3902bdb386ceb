using System.Text.Json;
using System.Text.Json.Nodes;
using IntellyHub.Workflows;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Cli.Reports;

/// <summary>What <c>intellyhub run</c> prints: the end state of the run as one JSON document.</summary>
public sealed record RunReport(
    string DefinitionId,
    string InstanceId,
    WorkflowStatus Status,
    WorkflowSubStatus SubStatus,
    IReadOnlyDictionary<string, JsonNode?> Output,
    IReadOnlyDictionary<string, JsonNode?> Variables,
    IReadOnlyList<BookmarkReport> Bookmarks,
    IReadOnlyList<IncidentReport> Incidents,
    IReadOnlyList<JournalRecordReport> Journal)
{
    /// <summary>The report of a finished, faulted or suspended run.</summary>
    public static RunReport From(RunWorkflowResult result)
    {
        var context = result.Context!;
        return new RunReport(
            context.Workflow.DefinitionId,
            context.InstanceId,
            result.Status,
            result.SubStatus,
            ToJson(result.Output),
            ToJson(context.GetVariablesByName()),
            result.Bookmarks.Select(b => new BookmarkReport(b.Id, b.Name, b.ActivityId, b.ActivityInstanceId, b.Hash, b.Payload, b.CreatedAt)).ToList(),
            result.Incidents.Select(i => new IncidentReport(i.ActivityId, i.ActivityType, i.ActivityInstanceId, i.Message, i.Exception?.Type, i.Timestamp)).ToList(),
            result.Journal.OrderBy(r => r.Sequence).Select(r => new JournalRecordReport(
                r.ActivityId, r.ActivityType, r.ActivityName, r.Status, r.StartedAt, r.CompletedAt, r.Outcomes,
                ToJson(r.Inputs), ToJson(r.Outputs), r.Exception?.Message)).ToList());
    }

    /// <summary>Serializes the report (indented, camelCase, enums by name).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, CliJson.Report);

    private static Dictionary<string, JsonNode?> ToJson(IEnumerable<KeyValuePair<string, object?>> values) =>
        values.ToDictionary(p => p.Key, p => ToJson(p.Value), StringComparer.Ordinal);

    // Workflow values are whatever activities and scripts produced; anything JSON cannot express is shown as text.
    private static JsonNode? ToJson(object? value)
    {
        try
        {
            return JsonSerializer.SerializeToNode(ValueConverter.ToPlain(value), CliJson.Report);
        }
        catch (Exception exception) when (exception is NotSupportedException or InvalidOperationException or JsonException or ArgumentException)
        {
            return JsonValue.Create(ValueConverter.ToText(value));
        }
    }
}

/// <summary>A bookmark the suspended workflow waits on.</summary>
public sealed record BookmarkReport(string Id, string Name, string ActivityId, string ActivityInstanceId, string Hash, JsonElement? Payload, DateTimeOffset CreatedAt);

/// <summary>A fault recorded against an activity.</summary>
public sealed record IncidentReport(string ActivityId, string ActivityType, string ActivityInstanceId, string Message, string? ExceptionType, DateTimeOffset Timestamp);

/// <summary>One activity execution of the run.</summary>
public sealed record JournalRecordReport(
    string ActivityId,
    string ActivityType,
    string? ActivityName,
    ActivityExecutionStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<string> Outcomes,
    IReadOnlyDictionary<string, JsonNode?> Inputs,
    IReadOnlyDictionary<string, JsonNode?> Outputs,
    string? Exception);
