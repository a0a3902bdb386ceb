using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Expressions;
using IntellyHub.Workflows.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntellyHub.Workflows.Execution;

/// <summary>
/// Runs workflows in memory: starts them, resumes bookmarks, continues interrupted runs, retries
/// faulted activities and cancels. Each call runs one burst — until the workflow finishes, faults or
/// has nothing left to do but wait — and returns the new state. It never persists anything itself.
/// </summary>
public sealed class WorkflowRunner
{
    private readonly IServiceProvider _services;
    private readonly ExpressionEvaluator _expressions;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    public WorkflowRunner(IServiceProvider services, ExpressionEvaluator expressions, TimeProvider clock, ILogger<WorkflowRunner>? logger = null)
    {
        _services = services;
        _expressions = expressions;
        _clock = clock;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Starts a new instance of <paramref name="workflow"/> and runs it until it finishes or waits.</summary>
    public async Task<RunWorkflowResult> RunAsync(Workflow workflow, RunWorkflowOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RunWorkflowOptions();
        var context = CreateContext(workflow, options.InstanceId ?? IdGenerator.NewId(), cancellationToken);
        context.CreatedAt = _clock.GetUtcNow();
        context.CorrelationId = options.CorrelationId;
        context.TriggerActivityId = options.TriggerActivityId;
        context.JournalEnabled = options.Journal;
        if (options.Input is { } input)
            context.Input = new Dictionary<string, object?>(input, StringComparer.OrdinalIgnoreCase);
        if (options.Properties is { } properties)
            foreach (var (key, value) in properties) context.Properties[key] = value;

        context.InitializeVariables();
        var root = context.CreateContext(IdGenerator.NewId(), workflow, null);
        context.RootContext = root;
        context.Enqueue(root);
        context.TransitionTo(WorkflowSubStatus.Executing);
        var logScope = new WorkflowLogScope(context.InstanceId, workflow.DefinitionId);
        using var scope = _logger.BeginScope(logScope);
        await RunSchedulerAsync(context, logScope);
        return new RunWorkflowResult(context);
    }

    /// <summary>
    /// Resumes the bookmark <paramref name="bookmarkId"/> of a suspended instance with <paramref name="input"/>.
    /// An unknown or already consumed bookmark gives <see cref="RunOutcome.BookmarkNotFound"/> and changes nothing.
    /// </summary>
    public async Task<RunWorkflowResult> ResumeAsync(
        Workflow workflow, WorkflowState state, string bookmarkId, IDictionary<string, object?>? input = null,
        bool journal = true, CancellationToken cancellationToken = default)
    {
        if (state.Status == WorkflowStatus.Finished) return new RunWorkflowResult(RunOutcome.NotRunning, state);
        if (!state.Bookmarks.Exists(b => b.Id == bookmarkId)) return new RunWorkflowResult(RunOutcome.BookmarkNotFound, state);

        var context = Restore(workflow, state, journal, cancellationToken);
        var bookmark = context.FindBookmark(bookmarkId)!;
        var target = context.FindActive(bookmark.ActivityInstanceId)!;
        if (bookmark.AutoBurn) context.RemoveBookmark(bookmark);

        var logScope = new WorkflowLogScope(context.InstanceId, workflow.DefinitionId) { Activity = target };
        using var scope = _logger.BeginScope(logScope);
        context.TransitionTo(WorkflowSubStatus.Executing);
        target.ResumedBookmark = bookmark;
        target.ResumeInput = input;
        context.RecordResumed(target);
        try
        {
            if (bookmark.CallbackMethodName is { } callbackName)
                await CallbackResolver.Resolve<BookmarkCallback>(target.Activity, callbackName)(target);
            else
                await target.CompleteAsync();
        }
        catch (Exception exception) when (!IsCancellation(exception, context))
        {
            await context.FaultAsync(target, exception);
        }
        finally
        {
            target.ResumedBookmark = null;
            target.ResumeInput = null;
            logScope.Activity = null;
        }

        await RunSchedulerAsync(context, logScope);
        return new RunWorkflowResult(context);
    }

    /// <summary>Continues an instance whose previous burst was interrupted with work still scheduled.</summary>
    public async Task<RunWorkflowResult> ContinueAsync(Workflow workflow, WorkflowState state, bool journal = true, CancellationToken cancellationToken = default)
    {
        if (state.Status == WorkflowStatus.Finished) return new RunWorkflowResult(RunOutcome.NotRunning, state);
        var context = Restore(workflow, state, journal, cancellationToken);
        var logScope = new WorkflowLogScope(context.InstanceId, workflow.DefinitionId);
        using var scope = _logger.BeginScope(logScope);
        context.TransitionTo(WorkflowSubStatus.Executing);
        await RunSchedulerAsync(context, logScope);
        return new RunWorkflowResult(context);
    }

    /// <summary>Runs a faulted activity execution again (after fixing its cause) and continues the workflow.</summary>
    public async Task<RunWorkflowResult> RetryAsync(Workflow workflow, WorkflowState state, string activityInstanceId, bool journal = true, CancellationToken cancellationToken = default)
    {
        if (!state.ActivityExecutionContexts.Exists(c => c.Id == activityInstanceId && c.Status == ActivityStatus.Faulted))
            return new RunWorkflowResult(RunOutcome.ActivityNotFound, state);

        // Work on a copy: the caller's snapshot stays as it was.
        state = WorkflowStateSerializer.Deserialize(WorkflowStateSerializer.Serialize(state));
        var faulted = state.ActivityExecutionContexts.Find(c => c.Id == activityInstanceId)!;
        faulted.Status = ActivityStatus.Pending;
        state.ScheduledActivityInstanceIds.Insert(0, activityInstanceId);
        state.Status = WorkflowStatus.Running;
        state.SubStatus = WorkflowSubStatus.Executing;
        state.FinishedAt = null;
        var context = Restore(workflow, state, journal, cancellationToken);
        var logScope = new WorkflowLogScope(context.InstanceId, workflow.DefinitionId);
        using var scope = _logger.BeginScope(logScope);
        await RunSchedulerAsync(context, logScope);
        return new RunWorkflowResult(context);
    }

    /// <summary>Cancels every running and waiting activity; the instance finishes as Cancelled.</summary>
    public async Task<RunWorkflowResult> CancelAsync(Workflow workflow, WorkflowState state, bool journal = true, CancellationToken cancellationToken = default)
    {
        if (state.Status == WorkflowStatus.Finished) return new RunWorkflowResult(RunOutcome.NotRunning, state);
        var context = Restore(workflow, state, journal, cancellationToken);
        await context.CancelWorkflowAsync();
        context.UpdatedAt = _clock.GetUtcNow();
        return new RunWorkflowResult(context);
    }

    private WorkflowExecutionContext CreateContext(Workflow workflow, string instanceId, CancellationToken cancellationToken) =>
        new(workflow, instanceId, _services, _expressions, _clock, _logger, cancellationToken);

    private WorkflowExecutionContext Restore(Workflow workflow, WorkflowState state, bool journal, CancellationToken cancellationToken)
    {
        var context = CreateContext(workflow, state.Id, cancellationToken);
        context.JournalEnabled = journal;
        WorkflowStateMapper.Restore(context, state);
        return context;
    }

    private async ValueTask RunSchedulerAsync(WorkflowExecutionContext context, WorkflowLogScope logScope)
    {
        // A cancelled run stops before its next activity, but a start not before its trigger has run: the trigger's
        // outputs are the stimulus (a request, an event's payload), which only this run holds; continued later, it would
        // find none.
        var triggerPending = context.TriggerActivityId is not null && !context.TriggerConsumed;
        while (!(context.CancellationToken.IsCancellationRequested && !triggerPending) && context.TryDequeue(out var activityContext))
        {
            if (activityContext.Status != ActivityStatus.Pending) continue;
            if (triggerPending && activityContext.Activity.Id == context.TriggerActivityId) triggerPending = false;
            await ExecuteAsync(context, activityContext, logScope);
            if (context.Status == WorkflowStatus.Finished) break;
        }

        if (context.Status == WorkflowStatus.Running)
        {
            if (context.HasScheduledWork) context.TransitionTo(WorkflowSubStatus.Interrupted);
            else if (context.Bookmarks.Count > 0) context.TransitionTo(WorkflowSubStatus.Suspended);
            else context.TransitionTo(WorkflowSubStatus.Finished);
        }

        if (context.Status == WorkflowStatus.Finished) context.ClearScheduler();
        context.MarkSuspendedRecords();
        context.UpdatedAt = _clock.GetUtcNow();
        WorkflowLog.BurstFinished(_logger, context.InstanceId, context.Status, context.SubStatus);
    }

    private async ValueTask ExecuteAsync(WorkflowExecutionContext context, ActivityExecutionContext activityContext, WorkflowLogScope logScope)
    {
        var activity = activityContext.Activity;
        activityContext.Status = ActivityStatus.Running;
        activityContext.StartedAt = _clock.GetUtcNow();
        var enclosing = logScope.Activity;
        logScope.Activity = activityContext;
        try
        {
            if (activity.TypeInfo.Inputs.Count > 0) await _expressions.EvaluateInputsAsync(activityContext);
            context.RecordStart(activityContext);
            await activity.ExecuteAsync(activityContext);
            if (context.TriggerActivityId == activity.Id) context.TriggerConsumed = true;
        }
        catch (Exception exception) when (!IsCancellation(exception, context))
        {
            if (activityContext.Record is null) context.RecordStart(activityContext);
            await context.FaultAsync(activityContext, exception);
        }
        catch (OperationCanceledException)
        {
            // Interrupted by the caller: the execution goes back to the front of the queue and runs again on continue.
            context.Requeue(activityContext);
        }
        finally
        {
            logScope.Activity = enclosing;
        }
    }

    private static bool IsCancellation(Exception exception, WorkflowExecutionContext context) =>
        exception is OperationCanceledException && context.CancellationToken.IsCancellationRequested;
}

/// <summary>
/// Logging scope of a workflow run: the instance, and the activity executing when a line is written (one scope per
/// run whose activity the runner moves along, instead of a scope per activity execution: a scope is an AsyncLocal
/// change, which copies the execution context twice).
/// </summary>
internal sealed class WorkflowLogScope(string workflowInstanceId, string workflowDefinitionId) : IReadOnlyList<KeyValuePair<string, object>>
{
    /// <summary>The activity execution the runner is in, if any.</summary>
    public ActivityExecutionContext? Activity { get; set; }

    public KeyValuePair<string, object> this[int index] => Pair(index, Activity);

    public int Count => CountOf(Activity);

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        // Read once: a line written from another thread sees either activity whole.
        var activity = Activity;
        for (var i = 0; i < CountOf(activity); i++) yield return Pair(i, activity);
    }

    private static int CountOf(ActivityExecutionContext? activity) => activity is null ? 2 : 5;

    private KeyValuePair<string, object> Pair(int index, ActivityExecutionContext? activity) => index switch
    {
        0 => new("WorkflowInstanceId", workflowInstanceId),
        1 => new("WorkflowDefinitionId", workflowDefinitionId),
        2 when activity is not null => new("ActivityId", activity.Activity.Id),
        3 when activity is not null => new("ActivityInstanceId", activity.Id),
        4 when activity is not null => new("ActivityType", activity.Activity.Type),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => Activity is { } activity
        ? $"WorkflowInstanceId:{workflowInstanceId} ActivityId:{activity.Activity.Id}"
        : $"WorkflowInstanceId:{workflowInstanceId}";
}
