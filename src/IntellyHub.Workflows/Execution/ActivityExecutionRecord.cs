using IntellyHub.Workflows.Activities;

namespace IntellyHub.Workflows.Execution;

/// <summary>The state of an activity execution as the journal shows it.</summary>
public enum ActivityExecutionStatus
{
    Running,
    Suspended,
    Completed,
    Faulted,
    Canceled,
}

/// <summary>
/// One journal entry: an activity execution from start to its end (completed, faulted, cancelled) or
/// to the point where it waits (suspended). A resumed execution updates the record with the same id.
/// </summary>
public sealed class ActivityExecutionRecord
{
    private readonly ActivityTypeInfo? _typeInfo;
    private object?[]? _inputValues;
    private IReadOnlyDictionary<string, object?>? _inputs;

    internal ActivityExecutionRecord(ActivityExecutionContext context, long sequence)
    {
        Id = context.Id;
        WorkflowInstanceId = context.WorkflowExecutionContext.InstanceId;
        var activity = context.Activity;
        ActivityId = activity.Id;
        ActivityNodeId = activity.NodeId;
        ActivityType = activity.Type;
        ActivityTypeVersion = activity.Version;
        ActivityName = activity.Name;
        ParentActivityInstanceId = context.Parent?.Id;
        StartedAt = context.StartedAt;
        Sequence = sequence;
        _typeInfo = activity.TypeInfo;
        _inputValues = context.EvaluatedInputs;
    }

    /// <summary>Creates a record from stored values (used by stores and tests).</summary>
    public ActivityExecutionRecord(string id, string workflowInstanceId, string activityId, string activityNodeId, string activityType)
    {
        Id = id;
        WorkflowInstanceId = workflowInstanceId;
        ActivityId = activityId;
        ActivityNodeId = activityNodeId;
        ActivityType = activityType;
    }

    /// <summary>The activity execution (instance) id.</summary>
    public string Id { get; }
    public string WorkflowInstanceId { get; }
    public string ActivityId { get; }
    public string ActivityNodeId { get; }
    public string ActivityType { get; }
    public int ActivityTypeVersion { get; init; } = 1;
    public string? ActivityName { get; init; }
    public string? ParentActivityInstanceId { get; init; }

    /// <summary>
    /// True when the record continues an execution started in an earlier burst (a resumed or restored
    /// execution): a store updates its existing row instead of adding one.
    /// </summary>
    public bool IsContinuation { get; init; }

    /// <summary>Order of the record in the instance's journal.</summary>
    public long Sequence { get; init; }

    public ActivityExecutionStatus Status { get; set; } = ActivityExecutionStatus.Running;
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public IReadOnlyList<string> Outcomes { get; set; } = [];
    public bool HasBookmarks { get; set; }
    public ExceptionInfo? Exception { get; set; }

    /// <summary>The evaluated inputs (secrets and inputs marked not to capture are left out).</summary>
    public IReadOnlyDictionary<string, object?> Inputs
    {
        get => _inputs ??= BuildInputs();
        init => _inputs = value;
    }

    /// <summary>The outputs the activity set.</summary>
    public IReadOnlyDictionary<string, object?> Outputs => OutputValues ?? (IReadOnlyDictionary<string, object?>)EmptyValues;

    internal Dictionary<string, object?>? OutputValues { get; set; }

    /// <summary>Replaces the outputs (used by stores).</summary>
    public void SetOutputs(IReadOnlyDictionary<string, object?> outputs) => OutputValues = new Dictionary<string, object?>(outputs);

    private static readonly Dictionary<string, object?> EmptyValues = new();

    private Dictionary<string, object?> BuildInputs()
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (_typeInfo is null || _inputValues is null) return values;
        foreach (var input in _typeInfo.Inputs)
        {
            if (!input.AutoEvaluate || !input.CaptureInJournal) continue;
            values[input.Name] = _inputValues[input.Index];
        }

        _inputValues = null;
        return values;
    }
}
