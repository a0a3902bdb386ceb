using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Expressions;
using Microsoft.Extensions.Logging;

namespace IntellyHub.Workflows.Execution;

/// <summary>
/// The state of one workflow instance while it runs: scheduler, active activity executions,
/// variables, bookmarks, incidents, input/output and the journal of this burst.
/// Created by <see cref="WorkflowRunner"/>, snapshotted to <see cref="State.WorkflowState"/>.
/// </summary>
public sealed class WorkflowExecutionContext
{
    private readonly Queue<ActivityExecutionContext> _scheduler = new();
    private readonly List<ActivityExecutionContext> _active = [];
    private readonly List<Bookmark> _bookmarks = [];
    private readonly List<Incident> _incidents = [];
    private readonly List<ActivityExecutionRecord> _journal = [];
    private readonly Dictionary<string, object?> _variables = new(StringComparer.Ordinal);
    private Dictionary<string, Dictionary<string, object?>>? _activityOutputs;

    internal WorkflowExecutionContext(
        Workflow workflow, string instanceId, IServiceProvider services, ExpressionEvaluator expressions,
        TimeProvider clock, ILogger logger, CancellationToken cancellationToken)
    {
        Workflow = workflow;
        InstanceId = instanceId;
        Services = services;
        Expressions = expressions;
        Clock = clock;
        Logger = logger;
        CancellationToken = cancellationToken;
    }

    public Workflow Workflow { get; }
    public string InstanceId { get; }
    public string? CorrelationId { get; set; }
    public IServiceProvider Services { get; }
    public ExpressionEvaluator Expressions { get; }
    public TimeProvider Clock { get; }
    public ILogger Logger { get; }
    public CancellationToken CancellationToken { get; internal set; }

    public WorkflowStatus Status { get; internal set; } = WorkflowStatus.Running;
    public WorkflowSubStatus SubStatus { get; internal set; } = WorkflowSubStatus.Pending;
    public DateTimeOffset CreatedAt { get; internal set; }
    public DateTimeOffset UpdatedAt { get; internal set; }
    public DateTimeOffset? FinishedAt { get; internal set; }

    /// <summary>The workflow's input.</summary>
    public IDictionary<string, object?> Input { get; internal set; } = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The workflow's output (set by <c>Elsa.SetOutput</c>).</summary>
    public IDictionary<string, object?> Output { get; } = new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>Free-form properties of the instance, persisted.</summary>
    public IDictionary<string, object?> Properties { get; } = new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>Id of the trigger activity that started this run, if any.</summary>
    public string? TriggerActivityId { get; internal set; }
    internal bool TriggerConsumed { get; set; }

    public bool JournalEnabled { get; internal set; } = true;
    internal long JournalSequence { get; set; }

    /// <summary>The last output value any activity set.</summary>
    public object? LastResult { get; private set; }

    public IReadOnlyList<ActivityExecutionContext> ActiveContexts => _active;
    public IReadOnlyList<Bookmark> Bookmarks => _bookmarks;
    public IReadOnlyList<Incident> Incidents => _incidents;

    /// <summary>Journal records created or updated in this run.</summary>
    public IReadOnlyList<ActivityExecutionRecord> Journal => _journal;

    /// <summary>Variable values by variable id.</summary>
    public IReadOnlyDictionary<string, object?> VariableValues => _variables;

    /// <summary>Latest outputs per activity id.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, object?>> ActivityOutputs =>
        _activityOutputs ?? (IReadOnlyDictionary<string, Dictionary<string, object?>>)new Dictionary<string, Dictionary<string, object?>>();

    internal bool HasScheduledWork => _scheduler.Count > 0;
    internal IEnumerable<ActivityExecutionContext> ScheduledWork => _scheduler;
    internal ActivityExecutionContext? RootContext { get; set; }

    // ---- variables ----------------------------------------------------------------------------

    internal void InitializeVariables()
    {
        foreach (var variable in Workflow.Graph.Variables)
            _variables[variable.Id] = variable.Value is null ? null : ValueConverter.Convert(variable.Value, variable.ValueType);
    }

    internal void RestoreVariable(string id, object? value)
    {
        var variable = Workflow.Graph.FindVariable(id);
        _variables[id] = variable is null ? ValueConverter.ToPlain(value) : ValueConverter.Convert(value, variable.ValueType);
    }

    /// <summary>A variable's value by name or id; null when it does not exist.</summary>
    public object? GetVariable(string nameOrId)
    {
        if (_variables.TryGetValue(nameOrId, out var value)) return value;
        var variable = Workflow.Graph.FindVariable(nameOrId);
        return variable is not null && _variables.TryGetValue(variable.Id, out value) ? value : null;
    }

    /// <summary>True when a variable with this name or id is declared or was set.</summary>
    public bool HasVariable(string nameOrId) => _variables.ContainsKey(nameOrId) || Workflow.Graph.FindVariable(nameOrId) is not null;

    /// <summary>Sets a variable by name or id, converting to its declared type. Undeclared names create an Object variable.</summary>
    public void SetVariable(string nameOrId, object? value)
    {
        var variable = Workflow.Graph.FindVariable(nameOrId);
        if (variable is null)
        {
            _variables[nameOrId] = ValueConverter.ToPlain(value);
            return;
        }

        _variables[variable.Id] = ValueConverter.Convert(value, variable.ValueType);
    }

    /// <summary>Variable values by variable name (for output documents and scripts).</summary>
    public Dictionary<string, object?> GetVariablesByName()
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (id, value) in _variables)
            result[Workflow.Graph.FindVariable(id)?.Name ?? id] = value;
        return result;
    }

    internal void SetActivityOutput(Activity activity, string name, object? value)
    {
        _activityOutputs ??= new Dictionary<string, Dictionary<string, object?>>(StringComparer.Ordinal);
        if (!_activityOutputs.TryGetValue(activity.Id, out var outputs))
            _activityOutputs[activity.Id] = outputs = new Dictionary<string, object?>(activity.TypeInfo.Outputs.Count, StringComparer.Ordinal);
        outputs[name] = value;
        LastResult = value;
    }

    internal void RestoreActivityOutputs(string activityId, Dictionary<string, object?> outputs)
    {
        _activityOutputs ??= new Dictionary<string, Dictionary<string, object?>>(StringComparer.Ordinal);
        _activityOutputs[activityId] = outputs;
    }

    internal void RestoreLastResult(object? value) => LastResult = value;

    /// <summary>An output of an activity (by id or name), as last set in this instance.</summary>
    public object? GetActivityOutput(string activityIdOrName, string outputName = "Result")
    {
        if (_activityOutputs is null) return null;
        var activity = Workflow.Graph.Find(activityIdOrName);
        var key = activity?.Id ?? activityIdOrName;
        return _activityOutputs.TryGetValue(key, out var outputs) && outputs.TryGetValue(outputName, out var value) ? value : null;
    }

    // ---- scheduling -----------------------------------------------------------------------------

    internal ActivityExecutionContext Schedule(Activity activity, ActivityExecutionContext? owner, ActivityCompletionCallback? onCompleted)
    {
        var context = CreateContext(IdGenerator.NewId(), activity, owner);
        context.CompletionCallback = onCompleted;
        _scheduler.Enqueue(context);
        return context;
    }

    internal ActivityExecutionContext CreateContext(string id, Activity activity, ActivityExecutionContext? owner)
    {
        var context = new ActivityExecutionContext(id, activity, owner, this);
        _active.Add(context);
        if (owner is not null) owner.ActiveChildCount++;
        return context;
    }

    internal void Enqueue(ActivityExecutionContext context) => _scheduler.Enqueue(context);

    internal bool TryDequeue(out ActivityExecutionContext context) => _scheduler.TryDequeue(out context!);

    internal void ClearScheduler() => _scheduler.Clear();

    /// <summary>Puts an interrupted execution back at the front of the queue.</summary>
    internal void Requeue(ActivityExecutionContext context)
    {
        context.Status = ActivityStatus.Pending;
        if (context.Record is { } record) _journal.Remove(record);
        context.Record = null;
        var rest = _scheduler.ToArray();
        _scheduler.Clear();
        _scheduler.Enqueue(context);
        foreach (var item in rest) _scheduler.Enqueue(item);
    }

    private void RemoveActive(ActivityExecutionContext context)
    {
        for (var i = _active.Count - 1; i >= 0; i--)
        {
            if (!ReferenceEquals(_active[i], context)) continue;
            _active.RemoveAt(i);
            ReleaseFromParent(context);
            return;
        }
    }

    internal static void ReleaseFaulted(ActivityExecutionContext context) => ReleaseFromParent(context);

    private static void ReleaseFromParent(ActivityExecutionContext context)
    {
        if (!context.CountsAsActiveChild) return;
        context.CountsAsActiveChild = false;
        if (context.Parent is { } parent) parent.ActiveChildCount--;
    }

    /// <summary>Finds an active execution by id.</summary>
    public ActivityExecutionContext? FindActive(string activityInstanceId)
    {
        foreach (var context in _active)
            if (context.Id == activityInstanceId) return context;
        return null;
    }

    // ---- journal ------------------------------------------------------------------------------

    internal void RecordStart(ActivityExecutionContext context)
    {
        if (!JournalEnabled) return;
        var record = new ActivityExecutionRecord(context, ++JournalSequence);
        context.Record = record;
        _journal.Add(record);
    }

    internal void RecordResumed(ActivityExecutionContext context)
    {
        if (!JournalEnabled || context.Record is not null) return;
        var record = new ActivityExecutionRecord(context, ++JournalSequence)
        {
            Status = ActivityExecutionStatus.Running,
            IsContinuation = true,
        };
        context.Record = record;
        _journal.Add(record);
    }

    private void RecordEnd(ActivityExecutionContext context, ActivityExecutionStatus status, Exception? exception = null)
    {
        // An execution restored from state (started in an earlier burst) gets its record here when it ends.
        if (context.Record is null) RecordResumed(context);
        if (context.Record is not { } record) return;
        record.Status = status;
        record.CompletedAt = context.CompletedAt;
        record.Outcomes = context.Outcomes;
        record.HasBookmarks = false;
        if (exception is not null) record.Exception = ExceptionInfo.From(exception);
    }

    internal void MarkSuspendedRecords()
    {
        foreach (var context in _active)
        {
            if (context.Record is { } record && context.Status == ActivityStatus.Running && context.HasBookmarks)
            {
                record.Status = ActivityExecutionStatus.Suspended;
                record.HasBookmarks = true;
            }
        }
    }

    // ---- completion, faults, cancellation -----------------------------------------------------

    internal async ValueTask CompleteAsync(ActivityExecutionContext context, IReadOnlyList<string> outcomes)
    {
        if (context.Status != ActivityStatus.Running) return;
        if (context.ActiveChildCount > 0)
        {
            foreach (var child in context.Children) await CancelAsync(child);
        }

        if (context.BookmarkCount > 0) RemoveBookmarks(context);
        context.Status = ActivityStatus.Completed;
        context.CompletedAt = Clock.GetUtcNow();
        context.Outcomes = outcomes;
        RecordEnd(context, ActivityExecutionStatus.Completed);
        RemoveActive(context);

        if (context.Parent is null)
        {
            TransitionTo(WorkflowSubStatus.Finished);
            return;
        }

        if (context.CompletionCallback is { } callback)
        {
            var owner = context.Parent;
            try
            {
                await callback(owner, context);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !CancellationToken.IsCancellationRequested)
            {
                await FaultAsync(owner, exception);
            }
        }
    }

    internal ValueTask FaultAsync(ActivityExecutionContext context, Exception exception)
    {
        if (context.Status is ActivityStatus.Completed or ActivityStatus.Canceled or ActivityStatus.Faulted) return default;
        if (context.BookmarkCount > 0) RemoveBookmarks(context);
        context.Status = ActivityStatus.Faulted;
        context.CompletedAt = Clock.GetUtcNow();

        // The faulted execution stays in the active list (so it can be retried) but no longer keeps its parent busy.
        ReleaseFromParent(context);
        RecordEnd(context, ActivityExecutionStatus.Faulted, exception);
        var activity = context.Activity;
        _incidents.Add(CreateIncident(context, exception, context.CompletedAt.Value));
        WorkflowLog.ActivityFaulted(Logger, activity.Type, activity.Id, exception.Message, exception);

        if (Workflow.IncidentStrategy == IncidentStrategy.Fault || context.Parent is null)
        {
            _scheduler.Clear();
            TransitionTo(WorkflowSubStatus.Faulted);
        }

        return default;
    }

    /// <summary>Records an incident of a running execution that does not fault it (a failure the activity retries).</summary>
    internal Incident RecordIncident(ActivityExecutionContext context, Exception exception)
    {
        var incident = CreateIncident(context, exception, Clock.GetUtcNow());
        _incidents.Add(incident);
        WorkflowLog.IncidentRecorded(Logger, context.Activity.Type, context.Activity.Id, exception.Message, exception);
        return incident;
    }

    private static Incident CreateIncident(ActivityExecutionContext context, Exception exception, DateTimeOffset timestamp) => new()
    {
        Id = IdGenerator.NewId(),
        ActivityId = context.Activity.Id,
        ActivityNodeId = context.Activity.NodeId,
        ActivityType = context.Activity.Type,
        ActivityInstanceId = context.Id,
        Message = exception.Message,
        Exception = ExceptionInfo.From(exception),
        Timestamp = timestamp,
    };

    internal async ValueTask CancelAsync(ActivityExecutionContext context)
    {
        if (context.Status is ActivityStatus.Completed or ActivityStatus.Canceled) return;
        if (context.ActiveChildCount > 0)
        {
            foreach (var child in context.Children) await CancelAsync(child);
        }

        if (context.Status == ActivityStatus.Running)
        {
            try
            {
                await context.Activity.OnCanceledAsync(context);
            }
            catch (Exception exception)
            {
                WorkflowLog.CancellationHandlerFailed(Logger, context.Activity.Type, context.Activity.Id, exception);
            }
        }

        if (context.BookmarkCount > 0) RemoveBookmarks(context);
        var wasPending = context.Status == ActivityStatus.Pending;
        context.Status = ActivityStatus.Canceled;
        context.CompletedAt = Clock.GetUtcNow();
        if (!wasPending) RecordEnd(context, ActivityExecutionStatus.Canceled);
        RemoveActive(context);
    }

    /// <summary>
    /// Finishes the workflow from inside (<c>Elsa.Finish</c>): the finishing activity and its ancestors
    /// complete, everything else is cancelled, and no completion callback runs.
    /// </summary>
    internal async ValueTask FinishAsync(ActivityExecutionContext finisher)
    {
        _scheduler.Clear();
        var ancestors = new HashSet<ActivityExecutionContext>(ReferenceEqualityComparer.Instance);
        for (var c = finisher; c is not null; c = c.Parent) ancestors.Add(c);
        foreach (var context in _active.ToList())
        {
            if (!ancestors.Contains(context)) await CancelAsync(context);
        }

        foreach (var context in ancestors)
        {
            if (context.Status != ActivityStatus.Running) continue;
            context.Status = ActivityStatus.Completed;
            context.CompletedAt = Clock.GetUtcNow();
            context.Outcomes = Execution.Outcomes.DoneArray;
            RecordEnd(context, ActivityExecutionStatus.Completed);
            RemoveActive(context);
        }

        _bookmarks.Clear();
        TransitionTo(WorkflowSubStatus.Finished);
    }

    /// <summary>Cancels every active execution and finishes the workflow as Cancelled.</summary>
    internal async ValueTask CancelWorkflowAsync()
    {
        _scheduler.Clear();
        if (RootContext is { } root) await CancelAsync(root);
        foreach (var context in _active.ToList()) await CancelAsync(context);
        _bookmarks.Clear();
        TransitionTo(WorkflowSubStatus.Cancelled);
    }

    internal void TransitionTo(WorkflowSubStatus subStatus)
    {
        SubStatus = subStatus;
        Status = subStatus is WorkflowSubStatus.Finished or WorkflowSubStatus.Cancelled or WorkflowSubStatus.Faulted
            ? WorkflowStatus.Finished
            : WorkflowStatus.Running;
        if (Status == WorkflowStatus.Finished)
        {
            FinishedAt ??= Clock.GetUtcNow();
            if (subStatus != WorkflowSubStatus.Faulted) _bookmarks.Clear();
        }
    }

    // ---- bookmarks ----------------------------------------------------------------------------

    internal void AddBookmark(ActivityExecutionContext context, Bookmark bookmark)
    {
        _bookmarks.Add(bookmark);
        context.BookmarkCount++;
    }

    internal void RestoreBookmark(Bookmark bookmark)
    {
        _bookmarks.Add(bookmark);
        if (FindActive(bookmark.ActivityInstanceId) is { } context) context.BookmarkCount++;
    }

    internal void RemoveBookmark(Bookmark bookmark)
    {
        if (!_bookmarks.Remove(bookmark)) return;
        if (FindActive(bookmark.ActivityInstanceId) is { } context) context.BookmarkCount--;
    }

    internal void RemoveBookmarks(ActivityExecutionContext context)
    {
        _bookmarks.RemoveAll(b => b.ActivityInstanceId == context.Id);
        context.BookmarkCount = 0;
    }

    internal void RestoreIncident(Incident incident) => _incidents.Add(incident);

    /// <summary>A bookmark by id.</summary>
    public Bookmark? FindBookmark(string bookmarkId) => _bookmarks.Find(b => b.Id == bookmarkId);
}
