using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Runtime.ProcessHost;

/// <summary>
/// Takes real time: writes <c>slow-start &lt;instance&gt;</c> to the marker file, waits, then writes
/// <c>slow-done &lt;instance&gt;</c>. The marker file (environment variable <see cref="MarkerVariable"/>)
/// lets the multi-process tests count how often the activity started and finished.
/// </summary>
[Activity("IntellyHub.Test.Slow", Category = "Testing", Description = "Waits a real delay and records its start and end in a marker file.")]
public sealed class Slow : CodeActivity
{
    /// <summary>Environment variable naming the marker file; without it nothing is recorded.</summary>
    public const string MarkerVariable = "IH_SLOW_MARKER";

    [Input(Description = "How long to wait, in milliseconds.")]
    public Input<int> Milliseconds { get; set; } = new(1000);

    /// <inheritdoc />
    protected override async ValueTask RunAsync(ActivityExecutionContext context)
    {
        var instanceId = context.WorkflowExecutionContext.InstanceId;
        Mark($"slow-start {instanceId}");
        await Task.Delay(context.Get(Milliseconds), context.CancellationToken);
        Mark($"slow-done {instanceId}");
    }

    private static void Mark(string line)
    {
        if (Environment.GetEnvironmentVariable(MarkerVariable) is { Length: > 0 } path)
            File.AppendAllText(path, line + "\n");
    }
}
