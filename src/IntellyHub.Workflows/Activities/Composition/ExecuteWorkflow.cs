using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities.Composition;

/// <summary>Finds workflows by definition id for <see cref="ExecuteWorkflow"/> (a folder in the CLI, the store in the server).</summary>
public interface IWorkflowProvider
{
    /// <summary>The published (or, without a store, the only) version of a definition; null when there is none.</summary>
    ValueTask<Workflow?> FindAsync(string definitionId, CancellationToken cancellationToken);
}

/// <summary>What <see cref="ExecuteWorkflow"/> returns about the child run.</summary>
public sealed record ExecuteWorkflowResult(
    string WorkflowInstanceId, string? CorrelationId, WorkflowStatus Status, WorkflowSubStatus SubStatus, IDictionary<string, object?> Output);

/// <summary>The stimulus that resumes a parent waiting on a child workflow.</summary>
public sealed record ExecuteWorkflowStimulus(string ChildInstanceId);

/// <summary>
/// Runs another workflow (by definition id) as a child, in process. With WaitForCompletion the parent
/// continues when the child has finished; a child that suspends leaves the parent waiting on a bookmark
/// the runtime resumes when the child finishes.
/// </summary>
[Activity("Elsa.ExecuteWorkflow", Category = "Composition", Kind = ActivityKind.Task, Description = "Runs another workflow as a child.")]
public sealed class ExecuteWorkflow : Activity
{
    private const int MaxDepth = 16;
    private const string DepthProperty = "ExecuteWorkflow:Depth";

    [Input(DisplayName = "Workflow Definition", Description = "The definition id of the workflow to run.", UIHint = InputUIHints.WorkflowDefinitionPicker, IsRequired = true)]
    public Input<string>? WorkflowDefinitionId { get; set; }

    [Input(DisplayName = "Correlation ID", Description = "The correlation id of the child run.", UIHint = InputUIHints.SingleLine)]
    public Input<string?>? CorrelationId { get; set; }

    [Input(Description = "The input of the child workflow.", UIHint = InputUIHints.JsonEditor)]
    public Input<IDictionary<string, object?>?>? Input { get; set; }

    [Input(Description = "Wait until the child workflow has finished.", UIHint = InputUIHints.Checkbox)]
    public Input<bool> WaitForCompletion { get; set; } = new(false);

    [Output(Description = "The child's instance id, status and output.")]
    public Output<ExecuteWorkflowResult> Result { get; set; } = new();

    /// <inheritdoc />
    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var definitionId = context.Get(WorkflowDefinitionId);
        if (string.IsNullOrWhiteSpace(definitionId)) throw new InvalidOperationException("No workflow definition id is given.");
        var provider = context.GetService<IWorkflowProvider>()
            ?? throw new InvalidOperationException("No workflow provider is registered, so child workflows cannot be found.");
        var child = await provider.FindAsync(definitionId, context.CancellationToken)
            ?? throw new InvalidOperationException($"Workflow definition '{definitionId}' has no published version.");

        var parentDepth = context.WorkflowExecutionContext.Properties.TryGetValue(DepthProperty, out var d) ? ValueConverter.Convert<int>(d) : 0;
        if (parentDepth >= MaxDepth) throw new InvalidOperationException($"Child workflows are nested deeper than {MaxDepth} levels.");

        var runner = context.GetRequiredService<WorkflowRunner>();
        var result = await runner.RunAsync(child, new RunWorkflowOptions
        {
            CorrelationId = context.Get(CorrelationId),
            Input = context.Get(Input),
            Properties = new Dictionary<string, object?>
            {
                [DepthProperty] = parentDepth + 1,
                ["ParentInstanceId"] = context.WorkflowExecutionContext.InstanceId,
            },
        }, context.CancellationToken);

        var wait = context.Get(WaitForCompletion);
        if (wait && result.SubStatus == WorkflowSubStatus.Faulted)
            throw new InvalidOperationException($"Child workflow '{definitionId}' faulted: {result.Incidents.FirstOrDefault()?.Message}");

        if (wait && result.Status != WorkflowStatus.Finished)
        {
            var sink = context.GetService<IChildWorkflowHost>()
                ?? throw new InvalidOperationException($"Child workflow '{definitionId}' is waiting; waiting for it needs the durable runtime.");
            await sink.AdoptAsync(result.State, context.WorkflowExecutionContext.InstanceId, context.CancellationToken);
            context.CreateBookmark(new ExecuteWorkflowStimulus(result.State.Id), OnChildFinishedAsync);
            return;
        }

        context.Set(Result, ToResult(result.State.Id, result.State.CorrelationId, result.Status, result.SubStatus, result.Output));
        await context.CompleteAsync();
    }

    private ValueTask OnChildFinishedAsync(ActivityExecutionContext context)
    {
        var input = context.ResumeInput ?? new Dictionary<string, object?>();
        var childId = context.ResumedBookmark?.GetPayload<ExecuteWorkflowStimulus>()?.ChildInstanceId ?? "";
        var output = input.TryGetValue("output", out var o) ? ValueConverter.Convert<IDictionary<string, object?>>(o) : null;
        context.Set(Result, ToResult(childId, null, WorkflowStatus.Finished, WorkflowSubStatus.Finished, output ?? new Dictionary<string, object?>()));
        return context.CompleteAsync();
    }

    private static ExecuteWorkflowResult ToResult(string id, string? correlationId, WorkflowStatus status, WorkflowSubStatus subStatus, IDictionary<string, object?> output) =>
        new(id, correlationId, status, subStatus, new Dictionary<string, object?>(output));
}

/// <summary>
/// Takes over a child workflow that suspended while its parent waits for it: persists it and, when it
/// finishes, resumes the parent's <see cref="ExecuteWorkflowStimulus"/> bookmark with input <c>output</c>.
/// Implemented by the durable runtime.
/// </summary>
public interface IChildWorkflowHost
{
    ValueTask AdoptAsync(State.WorkflowState childState, string parentInstanceId, CancellationToken cancellationToken);
}
