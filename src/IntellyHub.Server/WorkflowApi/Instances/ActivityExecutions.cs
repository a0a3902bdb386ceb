using System.Text.Json;
using IntellyHub.Runtime.Journal;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Workflows.Execution;
using Microsoft.EntityFrameworkCore;

namespace IntellyHub.Server.WorkflowApi.Instances;

/// <summary>
/// Elsa's <c>ActivityExecutionRecord</c>. <see cref="Id"/> is the external execution id (see
/// <see cref="ActivityExecutionId"/>); <see cref="ActivityInstanceId"/> is the engine's id of the execution, the one
/// journal events, bookmarks and incidents refer to. <c>activityState</c> holds the evaluated inputs, <c>payload</c>
/// the outcomes (<c>{"Outcomes": [...]}</c>, as Elsa's journal data). A suspended execution has status <c>Running</c>
/// and <c>hasBookmarks</c>. The scheduling fields name the parent (container) execution when it is journaled.
/// </summary>
public sealed record ActivityExecutionRecordModel(
    string Id,
    string ActivityInstanceId,
    string WorkflowInstanceId,
    string ActivityId,
    string ActivityNodeId,
    string ActivityType,
    int ActivityTypeVersion,
    string? ActivityName,
    JsonElement? ActivityState,
    IDictionary<string, object?> Payload,
    JsonElement? Outputs,
    IDictionary<string, object?> Properties,
    IDictionary<string, object?> Metadata,
    JsonElement? Exception,
    DateTimeOffset StartedAt,
    bool HasBookmarks,
    ActivityStatus Status,
    int AggregateFaultCount,
    DateTimeOffset? CompletedAt,
    string? SchedulingActivityExecutionId,
    string? SchedulingActivityId,
    string? SchedulingWorkflowInstanceId,
    int? CallStackDepth,
    string? ParentActivityInstanceId,
    long Sequence);

/// <summary>Elsa's <c>ActivityExecutionRecordSummary</c>.</summary>
public sealed record ActivityExecutionSummaryModel(
    string Id,
    string ActivityInstanceId,
    string WorkflowInstanceId,
    string ActivityId,
    string ActivityNodeId,
    string ActivityType,
    int ActivityTypeVersion,
    string? ActivityName,
    DateTimeOffset StartedAt,
    bool HasBookmarks,
    IDictionary<string, object?> Metadata,
    ActivityStatus Status,
    DateTimeOffset? CompletedAt);

/// <summary>Elsa's <c>ActivityExecutionStats</c>: the counters on a node of the instance viewer.</summary>
public sealed record ActivityExecutionStatsModel(
    string ActivityId,
    string ActivityNodeId,
    long StartedCount,
    long CompletedCount,
    long UncompletedCount,
    bool IsBlocked,
    bool IsFaulted,
    int AggregateFaultCount,
    IDictionary<string, object?> Metadata);

/// <summary>The body of <c>POST /activity-executions/report</c>; no node ids means every node.</summary>
public sealed record ActivityExecutionReportRequest(string? WorkflowInstanceId, IReadOnlyList<string>? ActivityNodeIds);

/// <summary>The report: <c>{stats}</c>.</summary>
public sealed record ActivityExecutionReportModel(IReadOnlyList<ActivityExecutionStatsModel> Stats);

/// <summary>The call stack of an execution: root first, the execution itself last (paged).</summary>
public sealed record ActivityCallStackModel(string ActivityExecutionId, IReadOnlyList<ActivityExecutionRecordModel> Items, long TotalCount);

/// <summary>
/// External ids of activity executions. The engine's execution id is unique only within its workflow instance
/// (the table's key is instance + execution), so the API names an execution <c>{workflowInstanceId}:{executionId}</c>:
/// unique, and looked up through the primary key. Execution ids are 16 hex characters, so the part after the
/// last colon is the execution id whatever the instance id contains. A bare execution id (as journal events,
/// bookmarks and incidents carry it) is accepted too, when it names exactly one execution.
/// </summary>
public static class ActivityExecutionId
{
    public const char Separator = ':';

    public static string Format(string workflowInstanceId, string executionId) => $"{workflowInstanceId}{Separator}{executionId}";

    /// <summary>Splits an external id; a bare execution id gives a null instance id.</summary>
    public static (string? WorkflowInstanceId, string ExecutionId) Parse(string id)
    {
        var index = id.LastIndexOf(Separator);
        return index <= 0 ? (null, id) : (id[..index], id[(index + 1)..]);
    }
}

/// <summary>Reads activity executions for the instance viewer's node badges, execution lists, details and call stack.</summary>
internal static class ActivityExecutions
{
    public const int DefaultCallStackTake = 100;
    public const int MaxCallStackTake = 1000;

    /// <summary>The executions of an instance (optionally of one node, completed or not), oldest first.</summary>
    public static async Task<IReadOnlyList<ActivityExecutionRow>> ListAsync(
        IntellyHubDbContext db, string workflowInstanceId, string? activityNodeId, bool? completed, CancellationToken cancellationToken)
    {
        var query = db.ActivityExecutions.AsNoTracking().Where(r => r.WorkflowInstanceId == workflowInstanceId);
        if (!string.IsNullOrEmpty(activityNodeId)) query = query.Where(r => r.ActivityNodeId == activityNodeId);
        if (completed is { } done) query = done ? query.Where(r => r.CompletedAt != null) : query.Where(r => r.CompletedAt == null);
        return await query.OrderBy(r => r.StartedAt).ThenBy(r => r.Sequence).ToListAsync(cancellationToken);
    }

    /// <summary>The execution with an external (or bare, if unambiguous) id, or null.</summary>
    public static async Task<ActivityExecutionRow?> FindAsync(IntellyHubDbContext db, string id, CancellationToken cancellationToken)
    {
        var (instanceId, executionId) = ActivityExecutionId.Parse(id);
        if (instanceId is not null)
            return await db.ActivityExecutions.AsNoTracking().FirstOrDefaultAsync(r => r.WorkflowInstanceId == instanceId && r.Id == executionId, cancellationToken);

        var matches = await db.ActivityExecutions.AsNoTracking().Where(r => r.Id == executionId).Take(2).ToListAsync(cancellationToken);
        return matches.Count == 1 ? matches[0] : null;
    }

    /// <summary>Full records, with the scheduling (parent) execution resolved when it is journaled.</summary>
    public static async Task<IReadOnlyList<ActivityExecutionRecordModel>> ToModelsAsync(
        IntellyHubDbContext db, IReadOnlyList<ActivityExecutionRow> rows, CancellationToken cancellationToken)
    {
        var parents = new Dictionary<(string, string), string>();
        foreach (var group in rows.Where(r => r.ParentActivityInstanceId is not null).GroupBy(r => r.WorkflowInstanceId))
        {
            var instanceId = group.Key;
            var parentIds = group.Select(r => r.ParentActivityInstanceId!).Distinct().ToList();
            var found = await db.ActivityExecutions.AsNoTracking()
                .Where(r => r.WorkflowInstanceId == instanceId && parentIds.Contains(r.Id))
                .Select(r => new { r.Id, r.ActivityId }).ToListAsync(cancellationToken);
            foreach (var parent in found) parents[(instanceId, parent.Id)] = parent.ActivityId;
        }

        return rows.Select(r => ToModel(r, r.ParentActivityInstanceId is { } p && parents.TryGetValue((r.WorkflowInstanceId, p), out var activityId) ? activityId : null, null)).ToList();
    }

    /// <summary>Elsa's record for a row; <paramref name="parentActivityId"/> is set when the parent execution is journaled.</summary>
    public static ActivityExecutionRecordModel ToModel(ActivityExecutionRow row, string? parentActivityId, int? callStackDepth, bool externalId = true)
    {
        var payload = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (StoredJson.Parse(row.Outcomes) is { } outcomes) payload["Outcomes"] = outcomes;
        return new ActivityExecutionRecordModel(
            externalId ? ActivityExecutionId.Format(row.WorkflowInstanceId, row.Id) : row.Id,
            row.Id, row.WorkflowInstanceId, row.ActivityId, row.ActivityNodeId, row.ActivityType, row.ActivityTypeVersion, row.ActivityName,
            StoredJson.Parse(row.Inputs), payload, StoredJson.Parse(row.Outputs),
            new Dictionary<string, object?>(), new Dictionary<string, object?>(), StoredJson.Parse(row.Exception),
            row.StartedAt, row.HasBookmarks, ToActivityStatus(row.Status), row.Status == ActivityExecutionStatus.Faulted ? 1 : 0, row.CompletedAt,
            parentActivityId is null ? null : externalId ? ActivityExecutionId.Format(row.WorkflowInstanceId, row.ParentActivityInstanceId!) : row.ParentActivityInstanceId,
            parentActivityId, null, callStackDepth, row.ParentActivityInstanceId, row.Sequence);
    }

    public static ActivityExecutionSummaryModel ToSummary(ActivityExecutionRow row) => new(
        ActivityExecutionId.Format(row.WorkflowInstanceId, row.Id), row.Id, row.WorkflowInstanceId, row.ActivityId, row.ActivityNodeId,
        row.ActivityType, row.ActivityTypeVersion, row.ActivityName, row.StartedAt, row.HasBookmarks, new Dictionary<string, object?>(),
        ToActivityStatus(row.Status), row.CompletedAt);

    /// <summary>Elsa's activity status for a journal status (a suspended execution is still running).</summary>
    public static ActivityStatus ToActivityStatus(ActivityExecutionStatus status) => status switch
    {
        ActivityExecutionStatus.Completed => ActivityStatus.Completed,
        ActivityExecutionStatus.Faulted => ActivityStatus.Faulted,
        ActivityExecutionStatus.Canceled => ActivityStatus.Canceled,
        _ => ActivityStatus.Running,
    };

    /// <summary>Per node: how often it started, completed (or ended), whether it waits or faulted (Elsa's stats).</summary>
    public static async Task<IReadOnlyList<ActivityExecutionStatsModel>> ReportAsync(
        IntellyHubDbContext db, string workflowInstanceId, IReadOnlyList<string>? activityNodeIds, CancellationToken cancellationToken)
    {
        var query = db.ActivityExecutions.AsNoTracking().Where(r => r.WorkflowInstanceId == workflowInstanceId);
        if (activityNodeIds is { Count: > 0 })
        {
            var nodeIds = activityNodeIds.Distinct(StringComparer.Ordinal).ToList();
            query = query.Where(r => nodeIds.Contains(r.ActivityNodeId));
        }

        var groups = await query
            .GroupBy(r => new { r.ActivityNodeId, r.ActivityId })
            .Select(g => new
            {
                g.Key.ActivityNodeId,
                g.Key.ActivityId,
                Started = g.LongCount(),
                Completed = g.LongCount(r => r.CompletedAt != null),
                Blocked = g.Count(r => r.HasBookmarks),
                Faulted = g.Count(r => r.Status == ActivityExecutionStatus.Faulted),
            })
            .ToListAsync(cancellationToken);

        return groups
            .OrderBy(g => g.ActivityNodeId, StringComparer.Ordinal)
            .Select(g => new ActivityExecutionStatsModel(g.ActivityId, g.ActivityNodeId, g.Started, g.Completed, g.Started - g.Completed,
                g.Blocked > 0, g.Faulted > 0, g.Faulted, new Dictionary<string, object?>()))
            .ToList();
    }

    /// <summary>
    /// The chain of parent executions from the root down to <paramref name="row"/> (as far as they are journaled;
    /// the workflow and its root container are not, by default), with each record's depth, paged.
    /// </summary>
    public static async Task<ActivityCallStackModel> CallStackAsync(
        IntellyHubDbContext db, string externalId, ActivityExecutionRow row, int? skip, int? take, CancellationToken cancellationToken)
    {
        var chain = new List<ActivityExecutionRow> { row };
        var seen = new HashSet<string>(StringComparer.Ordinal) { row.Id };
        while (chain[^1].ParentActivityInstanceId is { } parentId && chain.Count < MaxCallStackTake && seen.Add(parentId))
        {
            var instanceId = row.WorkflowInstanceId;
            var parent = await db.ActivityExecutions.AsNoTracking().FirstOrDefaultAsync(r => r.WorkflowInstanceId == instanceId && r.Id == parentId, cancellationToken);
            if (parent is null) break;
            chain.Add(parent);
        }

        chain.Reverse();
        var count = take is null or <= 0 ? DefaultCallStackTake : Math.Min(take.Value, MaxCallStackTake);
        var items = chain
            .Select((r, depth) => ToModel(r, depth > 0 ? chain[depth - 1].ActivityId : null, depth))
            .Skip(Math.Max(skip ?? 0, 0)).Take(count)
            .ToList();
        return new ActivityCallStackModel(externalId, items, chain.Count);
    }
}
