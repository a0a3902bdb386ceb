namespace IntellyHub.Workflows.Execution;

/// <summary>How to start a workflow run.</summary>
public sealed class RunWorkflowOptions
{
    /// <summary>Instance id; generated when null.</summary>
    public string? InstanceId { get; init; }

    public string? CorrelationId { get; init; }

    /// <summary>Workflow input, readable by expressions (<c>getInput('name')</c>, <c>Input.name</c>).</summary>
    public IDictionary<string, object?>? Input { get; init; }

    /// <summary>Initial instance properties.</summary>
    public IDictionary<string, object?>? Properties { get; init; }

    /// <summary>The trigger activity that started the run; it completes at once instead of waiting for its stimulus.</summary>
    public string? TriggerActivityId { get; init; }

    /// <summary>Record the journal (default true).</summary>
    public bool Journal { get; init; } = true;
}
