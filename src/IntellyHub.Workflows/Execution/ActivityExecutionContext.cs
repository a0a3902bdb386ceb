using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Expressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntellyHub.Workflows.Execution;

/// <summary>
/// One execution of an activity: its evaluated inputs, its state (<see cref="Properties"/>, persisted
/// with the workflow), its outputs and outcomes, and the operations an activity may perform
/// (schedule children, complete, create bookmarks, read and write variables).
/// </summary>
public sealed class ActivityExecutionContext
{
    private Dictionary<string, object?>? _properties;

    internal ActivityExecutionContext(string id, Activity activity, ActivityExecutionContext? parent, WorkflowExecutionContext workflowExecutionContext)
    {
        Id = id;
        Activity = activity;
        Parent = parent;
        WorkflowExecutionContext = workflowExecutionContext;
    }

    /// <summary>The activity execution (instance) id.</summary>
    public string Id { get; }

    public Activity Activity { get; }

    /// <summary>The execution that scheduled this one (null for the workflow itself).</summary>
    public ActivityExecutionContext? Parent { get; }

    public WorkflowExecutionContext WorkflowExecutionContext { get; }

    public ActivityStatus Status { get; internal set; } = ActivityStatus.Pending;
    public DateTimeOffset StartedAt { get; internal set; }
    public DateTimeOffset? CompletedAt { get; internal set; }

    /// <summary>The outcomes the activity completed with.</summary>
    public IReadOnlyList<string> Outcomes { get; internal set; } = [];

    /// <summary>True while the activity waits on at least one bookmark.</summary>
    public bool HasBookmarks => BookmarkCount > 0;

    /// <summary>The bookmark being resumed, during a resume callback.</summary>
    public Bookmark? ResumedBookmark { get; internal set; }

    /// <summary>Input delivered with the stimulus that resumed this activity.</summary>
    public IDictionary<string, object?>? ResumeInput { get; internal set; }

    /// <summary>
    /// Per-execution state of the activity (loop counters, join tokens…). Persisted with the workflow:
    /// values read back after a restart are JSON; read them with <see cref="GetProperty{T}"/>.
    /// </summary>
    public IDictionary<string, object?> Properties => _properties ??= new Dictionary<string, object?>(StringComparer.Ordinal);

    internal bool HasProperties => _properties is { Count: > 0 };
    internal int BookmarkCount;
    internal int ActiveChildCount;
    internal bool CountsAsActiveChild = true;
    internal object?[]? EvaluatedInputs;
    internal ActivityCompletionCallback? CompletionCallback;
    internal ActivityExecutionRecord? Record;

    public CancellationToken CancellationToken => WorkflowExecutionContext.CancellationToken;
    public TimeProvider Clock => WorkflowExecutionContext.Clock;
    public IServiceProvider Services => WorkflowExecutionContext.Services;
    public ILogger Logger => WorkflowExecutionContext.Logger;

    /// <summary>True when the workflow was started by this trigger activity and this is its first execution.</summary>
    public bool IsTriggerOfWorkflow =>
        WorkflowExecutionContext.TriggerActivityId is { } triggerId && triggerId == Activity.Id && !WorkflowExecutionContext.TriggerConsumed;

    /// <summary>Resolves a service from the workflow's service provider.</summary>
    public T GetRequiredService<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Resolves an optional service.</summary>
    public T? GetService<T>() => Services.GetService<T>();

    /// <summary>A state property converted to <typeparamref name="T"/> (works for values restored from JSON).</summary>
    public T? GetProperty<T>(string key) =>
        _properties is not null && _properties.TryGetValue(key, out var value) ? ValueConverter.Convert<T>(value) : default;

    /// <summary>Sets a state property.</summary>
    public void SetProperty(string key, object? value) => Properties[key] = value;

    /// <summary>The evaluated value of an input (inputs are evaluated before the activity runs).</summary>
    public T? Get<T>(Input<T>? input)
    {
        if (input is null) return default;
        var inputs = Activity.TypeInfo.Inputs;
        if (EvaluatedInputs is { } values)
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                var definition = inputs[i];
                if (definition.IsWrapped && ReferenceEquals(definition.Getter(Activity), input))
                {
                    if (!definition.AutoEvaluate)
                        throw new InvalidOperationException($"Input '{definition.Name}' is evaluated by the activity: use EvaluateAsync.");
                    return (T?)values[i];
                }
            }
        }

        throw new InvalidOperationException($"The input is not an input of {Activity.Type} '{Activity.Id}'. Use EvaluateAsync for inputs of other objects.");
    }

    /// <summary>Evaluates an input now (loop conditions, inputs of nested objects such as switch cases).</summary>
    public async ValueTask<T?> EvaluateAsync<T>(Input<T>? input)
    {
        if (input is null) return default;
        var value = await WorkflowExecutionContext.Expressions.EvaluateAsync(input, this);
        return (T?)value;
    }

    /// <summary>Evaluates an expression to a value of <paramref name="targetType"/>.</summary>
    public ValueTask<object?> EvaluateAsync(Expression expression, Type targetType) =>
        WorkflowExecutionContext.Expressions.EvaluateAsync(expression, targetType, this);

    /// <summary>Sets an output: recorded in the journal, readable by later expressions, and written to its variable if bound.</summary>
    public void Set<T>(Output<T>? output, T? value)
    {
        if (output is null) return;
        var outputs = Activity.TypeInfo.Outputs;
        string? name = null;
        for (var i = 0; i < outputs.Count; i++)
        {
            if (ReferenceEquals(outputs[i].Getter(Activity), output))
            {
                name = outputs[i].Name;
                break;
            }
        }

        SetOutput(name ?? "Result", value, output.MemoryReferenceId);
    }

    /// <summary>Sets an output by name.</summary>
    public void SetOutput(string name, object? value, string? variableId = null)
    {
        var record = Record;
        if (record is not null)
            (record.OutputValues ??= new Dictionary<string, object?>(Activity.TypeInfo.Outputs.Count, StringComparer.Ordinal))[name] = value;
        WorkflowExecutionContext.SetActivityOutput(Activity, name, value);
        if (variableId is not null) WorkflowExecutionContext.SetVariable(variableId, value);
    }

    /// <summary>A workflow variable's value by name or id.</summary>
    public object? GetVariable(string nameOrId) => WorkflowExecutionContext.GetVariable(nameOrId);

    /// <summary>A workflow variable's value by name or id, converted.</summary>
    public T? GetVariable<T>(string nameOrId) => ValueConverter.Convert<T>(WorkflowExecutionContext.GetVariable(nameOrId));

    /// <summary>Sets a workflow variable by name or id (converted to the variable's type).</summary>
    public void SetVariable(string nameOrId, object? value) => WorkflowExecutionContext.SetVariable(nameOrId, value);

    /// <summary>Sets a workflow variable.</summary>
    public void SetVariable(Variable variable, object? value) => WorkflowExecutionContext.SetVariable(variable.Id, value);

    /// <summary>
    /// Schedules a child activity; <paramref name="onCompleted"/> (an instance method of this activity)
    /// runs when the child completes. Returns the child's execution context.
    /// </summary>
    public ActivityExecutionContext ScheduleActivity(Activity activity, ActivityCompletionCallback? onCompleted = null)
    {
        if (onCompleted is not null && !ReferenceEquals(onCompleted.Target, Activity))
            throw new ArgumentException("A completion callback must be an instance method of the scheduling activity.", nameof(onCompleted));
        return WorkflowExecutionContext.Schedule(activity, this, onCompleted);
    }

    /// <summary>True while a child this execution scheduled is pending, running or waiting.</summary>
    public bool HasActiveChildren => ActiveChildCount > 0;

    /// <summary>The active (scheduled, running or waiting) executions this one scheduled.</summary>
    public IEnumerable<ActivityExecutionContext> Children =>
        ActiveChildCount == 0 ? [] : WorkflowExecutionContext.ActiveContexts.Where(c => c.Parent == this).ToList();

    /// <summary>Completes the activity with outcome <c>Done</c>.</summary>
    public ValueTask CompleteAsync() => WorkflowExecutionContext.CompleteAsync(this, Execution.Outcomes.DoneArray);

    /// <summary>Completes the activity with one outcome.</summary>
    public ValueTask CompleteAsync(string outcome) =>
        WorkflowExecutionContext.CompleteAsync(this, outcome == Execution.Outcomes.Done ? Execution.Outcomes.DoneArray : [outcome]);

    /// <summary>Completes the activity with several outcomes (every matching connection is followed).</summary>
    public ValueTask CompleteAsync(IReadOnlyList<string> outcomes) => WorkflowExecutionContext.CompleteAsync(this, outcomes);

    /// <summary>
    /// Suspends on a stimulus: creates a bookmark identified by <paramref name="name"/> (default: the
    /// activity type) and the hash of <paramref name="stimulus"/>. The activity stays running until resumed.
    /// <paramref name="payload"/> is what the bookmark keeps for whoever finds it (default: the stimulus), e.g. the
    /// stimulus with settings that must not change its hash.
    /// </summary>
    public Bookmark CreateBookmark(object? stimulus, BookmarkCallback? callback = null, bool autoBurn = true, string? name = null, IDictionary<string, string>? metadata = null,
        object? payload = null)
    {
        if (callback is not null && !ReferenceEquals(callback.Target, Activity))
            throw new ArgumentException("A bookmark callback must be an instance method of the activity.", nameof(callback));
        var kind = name ?? Activity.Type;
        var hashed = StimulusHasher.ToPayload(stimulus);
        var bookmark = new Bookmark
        {
            Id = IdGenerator.NewId(),
            Name = kind,
            Hash = StimulusHasher.Hash(kind, hashed),
            Payload = payload is null ? hashed : StimulusHasher.ToPayload(payload),
            ActivityId = Activity.Id,
            ActivityNodeId = Activity.NodeId,
            ActivityInstanceId = Id,
            CreatedAt = Clock.GetUtcNow(),
            AutoBurn = autoBurn,
            CallbackMethodName = callback?.Method.Name,
            Metadata = metadata,
        };
        WorkflowExecutionContext.AddBookmark(this, bookmark);
        return bookmark;
    }

    /// <summary>
    /// Records an incident against this execution without faulting it: a failure the activity handles itself,
    /// for instance by retrying later on a timed bookmark. The workflow's incident count shows it.
    /// </summary>
    public Incident RecordIncident(Exception exception) => WorkflowExecutionContext.RecordIncident(this, exception);

    /// <summary>Removes this activity's bookmarks.</summary>
    public void ClearBookmarks() => WorkflowExecutionContext.RemoveBookmarks(this);

    /// <summary>Cancels a child execution and everything below it.</summary>
    public ValueTask CancelChildAsync(ActivityExecutionContext child) => WorkflowExecutionContext.CancelAsync(child);

    /// <summary>Cancels every active child.</summary>
    public async ValueTask CancelChildrenAsync()
    {
        foreach (var child in Children) await WorkflowExecutionContext.CancelAsync(child);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Activity.Type} {Activity.Id} ({Status})";
}
