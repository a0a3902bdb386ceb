using System.Text.Json;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;
using Microsoft.EntityFrameworkCore;

namespace IntellyHub.Server.WorkflowApi.Instances;

/// <summary>Elsa's <c>WorkflowExecutionLogRecord</c>: one journal event.</summary>
public sealed record ExecutionLogRecordModel(
    string Id,
    string ActivityInstanceId,
    string? ParentActivityInstanceId,
    string ActivityId,
    string ActivityType,
    int ActivityTypeVersion,
    string? ActivityName,
    string NodeId,
    DateTimeOffset Timestamp,
    long Sequence,
    string? EventName,
    string? Message,
    string? Source,
    JsonElement? ActivityState,
    object? Payload);

/// <summary>Which journal events to return (Elsa's <c>JournalFilter</c>); empty lists mean "no filter".</summary>
public sealed record JournalFilter(
    IReadOnlyList<string>? ActivityIds,
    IReadOnlyList<string>? ActivityNodeIds,
    IReadOnlyList<string>? ExcludedActivityTypes,
    IReadOnlyList<string>? EventNames);

/// <summary>The body of <c>POST /workflow-instances/{id}/journal</c>.</summary>
public sealed record JournalRequest(JournalFilter? Filter);

/// <summary>
/// The journal of an instance in Elsa's event form, derived from the stored rows: every activity execution
/// gives a <c>Started</c> event (with its evaluated inputs as <c>activityState</c>), a <c>Suspended</c> event while
/// it waits on a bookmark, and a <c>Completed</c>, <c>Faulted</c> or <c>Canceled</c> event when it ended (outcomes,
/// or the exception, as <c>payload</c>). Workflow-level log entries (started, suspended, resumed, finished,
/// cancelled, faulted…) appear with activity type <c>Elsa.Workflow</c>, as Elsa journals its workflow activity,
/// under the runtime's event names. Events are ordered by time, then journal sequence; <c>sequence</c> numbers
/// them over the whole journal, so it stays the same whatever the filter.
/// </summary>
internal static class Journal
{
    /// <summary>Elsa's default page when neither page nor skip/take is given.</summary>
    public const int DefaultTake = 100;

    public const string WorkflowActivityType = "Elsa.Workflow";

    /// <summary>Skip/take from Elsa's paging arguments: page+pageSize win, then skip+take, else the first 100.</summary>
    public static (int Skip, int Take) Paging(int? page, int? pageSize, int? skip, int? take)
    {
        if (page is { } p && pageSize is { } size) return (Math.Max(p, 0) * Math.Max(size, 0), Math.Max(size, 0));
        if (skip is not null || take is not null) return (Math.Max(skip ?? 0, 0), Math.Max(take ?? DefaultTake, 0));
        return (0, DefaultTake);
    }

    /// <summary>One page of the journal, or null when the instance does not exist.</summary>
    public static async Task<PagedListResponse<ExecutionLogRecordModel>?> ReadAsync(
        IntellyHubDbContext db, string instanceId, JournalFilter? filter, int skip, int take, CancellationToken cancellationToken)
    {
        var instance = await db.WorkflowInstances.AsNoTracking().Where(i => i.Id == instanceId)
            .Select(i => new { i.Name, i.CreatedAt }).FirstOrDefaultAsync(cancellationToken);
        if (instance is null) return null;

        var executions = await db.ActivityExecutions.AsNoTracking().Where(r => r.WorkflowInstanceId == instanceId)
            .Select(r => new Execution(r.Id, r.ActivityId, r.ActivityNodeId, r.ActivityType, r.ActivityTypeVersion, r.ActivityName,
                r.ParentActivityInstanceId, r.Sequence, r.Status, r.StartedAt, r.CompletedAt))
            .ToListAsync(cancellationToken);
        var logs = await db.WorkflowLogs.AsNoTracking().Where(l => l.WorkflowInstanceId == instanceId).OrderBy(l => l.Id)
            .Select(l => new Log(l.Id, l.EventName, l.Message, l.Payload, l.Timestamp))
            .ToListAsync(cancellationToken);

        var events = new List<Event>(executions.Count * 2 + logs.Count);
        foreach (var execution in executions)
        {
            events.Add(new Event(execution.StartedAt, 1, execution.Sequence, 0, "Started", execution, null));
            if (execution.Status == ActivityExecutionStatus.Suspended)
                events.Add(new Event(execution.StartedAt, 1, execution.Sequence, 1, "Suspended", execution, null));
            if (EndEventName(execution.Status) is { } end)
                events.Add(new Event(execution.CompletedAt ?? execution.StartedAt, 1, execution.Sequence, 2, end, execution, null));
        }

        var startSeen = false;
        foreach (var log in logs)
        {
            // The runtime writes its log at commit, after the burst; the start belongs before the first activity.
            var isStart = !startSeen && log.EventName == "Started";
            startSeen |= isStart;
            events.Add(isStart
                ? new Event(log.Timestamp < instance.CreatedAt ? log.Timestamp : instance.CreatedAt, 0, 0, 0, log.EventName, null, log)
                : new Event(log.Timestamp, 2, log.Id, 0, log.EventName, null, log));
        }

        events.Sort(static (a, b) =>
        {
            var c = a.Timestamp.CompareTo(b.Timestamp);
            if (c == 0) c = a.Rank.CompareTo(b.Rank);
            if (c == 0) c = a.Order.CompareTo(b.Order);
            return c == 0 ? a.Phase.CompareTo(b.Phase) : c;
        });

        var numbered = events.Select((e, index) => (Event: e, Sequence: (long)index)).Where(e => Matches(e.Event, filter)).ToList();
        var page = numbered.Skip(skip).Take(take).ToList();

        // Inputs, outcomes and exceptions only for the executions on this page.
        var ids = page.Where(e => e.Event.Execution is not null).Select(e => e.Event.Execution!.Id).Distinct().ToList();
        var details = ids.Count == 0
            ? []
            : await db.ActivityExecutions.AsNoTracking().Where(r => r.WorkflowInstanceId == instanceId && ids.Contains(r.Id))
                .Select(r => new { r.Id, r.Inputs, r.Outcomes, r.Exception })
                .ToDictionaryAsync(r => r.Id, r => new Details(r.Inputs, r.Outcomes, r.Exception), StringComparer.Ordinal, cancellationToken);

        var items = page.Select(e => e.Event.Execution is { } x
                ? ToModel(e.Event, x, details.GetValueOrDefault(x.Id), e.Sequence)
                : ToModel(e.Event, e.Event.Log!, instanceId, instance.Name, e.Sequence))
            .ToList();
        return new PagedListResponse<ExecutionLogRecordModel>(items, numbered.Count);
    }

    private static string? EndEventName(ActivityExecutionStatus status) => status switch
    {
        ActivityExecutionStatus.Completed => "Completed",
        ActivityExecutionStatus.Faulted => "Faulted",
        ActivityExecutionStatus.Canceled => "Canceled",
        _ => null,
    };

    private static bool Matches(Event e, JournalFilter? filter)
    {
        if (filter is null) return true;
        var (activityId, nodeId, type) = e.Execution is { } x ? (x.ActivityId, x.ActivityNodeId, x.ActivityType) : (Workflow.RootId, Workflow.RootId, WorkflowActivityType);
        return (filter.ActivityIds is not { Count: > 0 } activityIds || activityIds.Contains(activityId))
            && (filter.ActivityNodeIds is not { Count: > 0 } nodeIds || nodeIds.Contains(nodeId))
            && (filter.ExcludedActivityTypes is not { Count: > 0 } excluded || !excluded.Contains(type))
            && (filter.EventNames is not { Count: > 0 } names || names.Contains(e.Name));
    }

    private static ExecutionLogRecordModel ToModel(Event e, Execution x, Details? details, long sequence)
    {
        JsonElement? activityState = null;
        string? message = null;
        object? payload = null;
        switch (e.Name)
        {
            case "Started":
                activityState = StoredJson.Parse(details?.Inputs);
                break;
            case "Completed" when StoredJson.Parse(details?.Outcomes) is { } outcomes:
                payload = new Dictionary<string, object?> { ["Outcomes"] = outcomes };
                break;
            case "Faulted" when StoredJson.Parse(details?.Exception) is { } exception:
                message = exception.ValueKind == JsonValueKind.Object && exception.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                payload = exception;
                break;
        }

        return new ExecutionLogRecordModel($"{x.Id}:{e.Name}", x.Id, x.ParentActivityInstanceId, x.ActivityId, x.ActivityType, x.ActivityTypeVersion,
            x.ActivityName, x.ActivityNodeId, e.Timestamp, sequence, e.Name, message, null, activityState, payload);
    }

    private static ExecutionLogRecordModel ToModel(Event e, Log log, string instanceId, string? name, long sequence) =>
        new($"log:{log.Id}", instanceId, null, Workflow.RootId, WorkflowActivityType, 1, name, Workflow.RootId, e.Timestamp, sequence,
            log.EventName, log.Message, null, null, StoredJson.Parse(log.Payload));

    private sealed record Execution(
        string Id, string ActivityId, string ActivityNodeId, string ActivityType, int ActivityTypeVersion, string? ActivityName,
        string? ParentActivityInstanceId, long Sequence, ActivityExecutionStatus Status, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt);

    private sealed record Log(long Id, string EventName, string? Message, string? Payload, DateTimeOffset Timestamp);

    private sealed record Details(string? Inputs, string? Outcomes, string? Exception);

    // Rank: 0 the workflow's start, 1 activity events, 2 other workflow events (written after their burst).
    private sealed record Event(DateTimeOffset Timestamp, int Rank, long Order, int Phase, string Name, Execution? Execution, Log? Log);
}
