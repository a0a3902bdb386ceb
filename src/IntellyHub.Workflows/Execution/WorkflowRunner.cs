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
        using var scope = _logger.BeginScope(new WorkflowLogScope(context.InstanceId, workflow.DefinitionId));
        await RunSchedulerAsync(context);
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

        using var scope = _logger.BeginScope(new WorkflowLogScope(context.InstanceId, workflow.DefinitionId));
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
        }

        await RunSchedulerAsync(context);
        return new RunWorkflowResult(context);
    }

    /// <summary>Continues an instance whose previous burst was interrupted with work still scheduled.</summary>
    public async Task<RunWorkflowResult> ContinueAsync(Workflow workflow, WorkflowState state, bool journal = true, CancellationToken cancellationToken = default)
    {
        if (state.Status == WorkflowStatus.Finished) return new RunWorkflowResult(RunOutcome.NotRunning, state);
        var context = Restore(workflow, state, journal, cancellationToken);
        using var scope = _logger.BeginScope(new WorkflowLogScope(context.InstanceId, workflow.DefinitionId));
        context.TransitionTo(WorkflowSubStatus.Executing);
        await RunSchedulerAsync(context);
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
        using var scope = _logger.BeginScope(new WorkflowLogScope(context.InstanceId, workflow.DefinitionId));
        await RunSchedulerAsync(context);
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

    private async ValueTask RunSchedulerAsync(WorkflowExecutionContext context)
    {
        var cancellationToken = context.CancellationToken;
        while (!cancellationToken.IsCancellationRequested && context.TryDequeue(out var activityContext))
        {
            if (activityContext.Status != ActivityStatus.Pending) continue;
            await ExecuteAsync(context, activityContext);
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

    private async ValueTask ExecuteAsync(WorkflowExecutionContext context, ActivityExecutionContext activityContext)
    {
        var activity = activityContext.Activity;
        activityContext.Status = ActivityStatus.Running;
        activityContext.StartedAt = _clock.GetUtcNow();
        using var scope = _logger.IsEnabled(LogLevel.Critical) ? _logger.BeginScope(new ActivityLogScope(activity.Id, activityContext.Id, activity.Type)) : null;
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
    }

    private static bool IsCancellation(Exception exception, WorkflowExecutionContext context) =>
        exception is OperationCanceledException && context.CancellationToken.IsCancellationRequested;
}

/// <summary>Logging scope of a workflow run.</summary>
internal sealed record WorkflowLogScope(string WorkflowInstanceId, string WorkflowDefinitionId) : IReadOnlyList<KeyValuePair<string, object>>
{
    public KeyValuePair<string, object> this[int index] => index == 0
        ? new("WorkflowInstanceId", WorkflowInstanceId)
        : new("WorkflowDefinitionId", WorkflowDefinitionId);

    public int Count => 2;

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        yield return this[0];
        yield return this[1];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"WorkflowInstanceId:{WorkflowInstanceId}";
}

/// <summary>Logging scope of one activity execution.</summary>
internal sealed record ActivityLogScope(string ActivityId, string ActivityInstanceId, string ActivityType) : IReadOnlyList<KeyValuePair<string, object>>
{
    public KeyValuePair<string, object> this[int index] => index switch
    {
        0 => new("ActivityId", ActivityId),
        1 => new("ActivityInstanceId", ActivityInstanceId),
        _ => new("ActivityType", ActivityType),
    };

    public int Count => 3;

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"ActivityId:{ActivityId}";
}
