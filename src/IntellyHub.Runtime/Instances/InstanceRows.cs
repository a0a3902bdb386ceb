using System.Globalization;
using System.Text.Json;
using IntellyHub.Runtime.Journal;
using IntellyHub.Workflows.Activities.Scheduling;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.State;

namespace IntellyHub.Runtime.Instances;

/// <summary>Turns engine results into rows.</summary>
internal static class InstanceRows
{
    private static JsonSerializerOptions Json => WorkflowStateSerializer.Options;

    public static void Apply(WorkflowInstanceRecord record, WorkflowState state, DateTimeOffset now)
    {
        record.Status = state.Status;
        record.SubStatus = state.SubStatus;
        record.CorrelationId = state.CorrelationId;
        record.IncidentCount = state.Incidents.Count;
        record.State = WorkflowStateSerializer.Serialize(state);
        record.UpdatedAt = now;
        record.FinishedAt = state.FinishedAt;
    }

    public static BookmarkRecord ToRow(string instanceId, Bookmark bookmark) => new()
    {
        Id = bookmark.Id,
        WorkflowInstanceId = instanceId,
        Name = bookmark.Name,
        Hash = bookmark.Hash,
        ActivityInstanceId = bookmark.ActivityInstanceId,
        ActivityNodeId = bookmark.ActivityNodeId,
        Payload = bookmark.Payload?.GetRawText(),
        ResumeAt = ResumeAtOf(bookmark),
        CreatedAt = bookmark.CreatedAt,
    };

    /// <summary>When a timed bookmark (Delay, Timer, Cron, StartAt) is due; null for other bookmarks.</summary>
    public static DateTimeOffset? ResumeAtOf(Bookmark bookmark) =>
        bookmark.Metadata is { } metadata && metadata.TryGetValue(Delay.ResumeAtMetadataKey, out var due)
            && DateTimeOffset.TryParse(due, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var resumeAt) ? resumeAt : null;

    public static ActivityExecutionRow ToRow(ActivityExecutionRecord record) => new()
    {
        WorkflowInstanceId = record.WorkflowInstanceId,
        Id = record.Id,
        ActivityId = record.ActivityId,
        ActivityNodeId = record.ActivityNodeId,
        ActivityType = record.ActivityType,
        ActivityTypeVersion = record.ActivityTypeVersion,
        ActivityName = record.ActivityName,
        ParentActivityInstanceId = record.ParentActivityInstanceId,
        Sequence = record.Sequence,
        Status = record.Status,
        StartedAt = record.StartedAt,
        CompletedAt = record.CompletedAt,
        HasBookmarks = record.HasBookmarks,
        Outcomes = record.Outcomes.Count == 0 ? null : JsonSerializer.Serialize(record.Outcomes, Json),
        Inputs = record.Inputs.Count == 0 ? null : SerializeValues(record.Inputs),
        Outputs = record.Outputs.Count == 0 ? null : SerializeValues(record.Outputs),
        Exception = record.Exception is null ? null : JsonSerializer.Serialize(record.Exception, Json),
    };

    /// <summary>Values that cannot be written as JSON (streams, handles) are recorded as their text.</summary>
    public static string SerializeValues(IReadOnlyDictionary<string, object?> values)
    {
        try
        {
            return JsonSerializer.Serialize(values, Json);
        }
        catch (Exception exception) when (exception is NotSupportedException or JsonException or InvalidOperationException)
        {
            return JsonSerializer.Serialize(values.ToDictionary(p => p.Key, p => (object?)p.Value?.ToString()), Json);
        }
    }
}
