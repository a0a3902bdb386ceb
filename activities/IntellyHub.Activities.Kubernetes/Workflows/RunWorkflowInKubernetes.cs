using System.Text.Json;
using IntellyHub.Activities.Kubernetes.Jobs;
using IntellyHub.Workflows;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Validation;
using Microsoft.Extensions.Options;

namespace IntellyHub.Activities.Kubernetes.Workflows;

/// <summary>
/// Runs a published IntellyHub flow inside a Kubernetes Job, with IntellyHub's own image (the <c>intellyhub</c> tool,
/// <c>run-remote</c>). The executor reads the definition from the server and posts the child's result back with a one-time
/// token; that result resumes this activity. The activity also waits for the Job's end: a Job that fails or passes its
/// deadline before a result came back ends the activity Failed or TimedOut.
/// </summary>
[Activity("IntellyHub.RunWorkflowInKubernetes", Category = KubernetesActivities.Category, DisplayName = "Run Workflow in Kubernetes",
    Description = "Runs a published flow in a Kubernetes Job with IntellyHub's executor image and continues with the child's output.")]
[FlowNode(Succeeded, Failed, TimedOut)]
public sealed class RunWorkflowInKubernetes : Activity, IValidatingActivity
{
    /// <summary>The child flow finished.</summary>
    public const string Succeeded = "Succeeded";

    /// <summary>The child flow faulted, or its Job failed.</summary>
    public const string Failed = "Failed";

    /// <summary>The Job passed its active deadline.</summary>
    public const string TimedOut = "TimedOut";

    private const string TokenProperty = "k8s.runToken";

    [Input(Description = "The published flow to run.", UIHint = InputUIHints.WorkflowDefinitionPicker, IsRequired = true, Order = 0)]
    public Input<string>? WorkflowDefinitionId { get; set; }

    [Input(Description = "The child flow's input.", UIHint = InputUIHints.JsonEditor, Order = 1)]
    public Input<IDictionary<string, object?>>? WorkflowInput { get; set; }

    [Input(Description = "The namespace (default: the server's default namespace).", UIHint = InputUIHints.SingleLine, Order = 2, Category = "Placement")]
    public Input<string>? Namespace { get; set; }

    [Input(Description = "CPU request (a Kubernetes quantity).", UIHint = InputUIHints.SingleLine, Order = 3, Category = "Resources")]
    public Input<string>? CpuRequest { get; set; }

    [Input(Description = "CPU limit (a Kubernetes quantity).", UIHint = InputUIHints.SingleLine, Order = 4, Category = "Resources")]
    public Input<string>? CpuLimit { get; set; }

    [Input(Description = "Memory request (a Kubernetes quantity).", UIHint = InputUIHints.SingleLine, Order = 5, Category = "Resources")]
    public Input<string>? MemoryRequest { get; set; }

    [Input(Description = "Memory limit (a Kubernetes quantity).", UIHint = InputUIHints.SingleLine, Order = 6, Category = "Resources")]
    public Input<string>? MemoryLimit { get; set; }

    [Input(Description = "The pod's service account.", UIHint = InputUIHints.SingleLine, Order = 7, Category = "Placement")]
    public Input<string>? ServiceAccount { get; set; }

    [Input(Description = "Time limit of the Job (hh:mm:ss). Zero: none.", UIHint = InputUIHints.SingleLine, Order = 8, Category = "Lifecycle")]
    public Input<TimeSpan>? ActiveDeadline { get; set; }

    [Input(Description = "How long a finished Job is kept (hh:mm:ss).", UIHint = InputUIHints.SingleLine, DefaultValue = "01:00:00", Order = 9, Category = "Lifecycle")]
    public Input<TimeSpan>? TtlAfterFinished { get; set; }

    [Input(Description = "Node selector of the pod (label → value).", UIHint = InputUIHints.Dictionary, Order = 10, Category = "Placement")]
    public Input<IDictionary<string, string>>? NodeSelector { get; set; }

    [Output(Description = "The child flow's output.")]
    public Output<IDictionary<string, object?>?> Output { get; set; } = new();

    [Output(Description = "Succeeded, Failed or TimedOut.")]
    public Output<string> Status { get; set; } = new();

    [Output(Description = "Why the child or its Job failed.")]
    public Output<string?> Reason { get; set; } = new();

    [Output(Description = "The tail of the executor's log (when the Job failed).")]
    public Output<string?> Logs { get; set; } = new();

    /// <inheritdoc />
    public IEnumerable<string> Validate(LiteralInputs inputs) => new JobRequest
    {
        Image = "executor",
        Namespace = inputs.TryGet(Namespace, out var ns) && !string.IsNullOrWhiteSpace(ns) ? ns : null,
        CpuRequest = inputs.TryGet(CpuRequest, out var cpuRequest) ? cpuRequest : null,
        CpuLimit = inputs.TryGet(CpuLimit, out var cpuLimit) ? cpuLimit : null,
        MemoryRequest = inputs.TryGet(MemoryRequest, out var memoryRequest) ? memoryRequest : null,
        MemoryLimit = inputs.TryGet(MemoryLimit, out var memoryLimit) ? memoryLimit : null,
        ServiceAccount = inputs.TryGet(ServiceAccount, out var account) ? account : null,
        ActiveDeadline = inputs.TryGet(ActiveDeadline, out var deadline) ? deadline : null,
        TtlAfterFinished = inputs.TryGet(TtlAfterFinished, out var ttl) ? ttl : null,
    }.Validate(complete: false);

    /// <inheritdoc />
    protected override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var definitionId = context.Get(WorkflowDefinitionId);
        if (string.IsNullOrWhiteSpace(definitionId)) throw new ArgumentException("Input 'WorkflowDefinitionId' is empty: name the published flow to run.");
        var options = context.GetRequiredService<IOptions<KubernetesOptions>>().Value;
        if (string.IsNullOrWhiteSpace(options.CallbackUrl))
            throw new InvalidOperationException("IntellyHub:Kubernetes:CallbackUrl is not set: the executor cannot reach the server.");

        // The token stays in the execution's state only until the Job exists (a retried create must carry the same one).
        var token = WorkflowRunCallbackStimulus.NewToken();
        context.SetProperty(TokenProperty, token);
        context.CreateBookmark(WorkflowRunCallbackStimulus.For(token, definitionId), OnResultAsync, name: WorkflowRunCallbackStimulus.Name);
        return SubmitAsync(context);
    }

    /// <inheritdoc />
    protected override ValueTask OnCanceledAsync(ActivityExecutionContext context) => JobSubmission.DeleteAsync(context);

    private async ValueTask SubmitAsync(ActivityExecutionContext context)
    {
        var options = context.GetRequiredService<IOptions<KubernetesOptions>>().Value;
        var input = context.Get(WorkflowInput);
        var request = new JobRequest
        {
            Image = options.ExecutorImage,
            Command = ["intellyhub", WorkflowRunProtocol.Command],
            Environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [WorkflowRunProtocol.ServerVariable] = options.CallbackUrl!,
                [WorkflowRunProtocol.TokenVariable] = context.GetProperty<string>(TokenProperty) ?? throw new InvalidOperationException("The run token is gone."),
                [WorkflowRunProtocol.DefinitionVariable] = context.Get(WorkflowDefinitionId)!,
                [WorkflowRunProtocol.InputVariable] = JsonSerializer.Serialize(ValueConverter.ToPlain(input) ?? new Dictionary<string, object?>()),
            },
            Namespace = context.Get(Namespace),
            CpuRequest = context.Get(CpuRequest),
            CpuLimit = context.Get(CpuLimit),
            MemoryRequest = context.Get(MemoryRequest),
            MemoryLimit = context.Get(MemoryLimit),
            ServiceAccount = context.Get(ServiceAccount),
            ActiveDeadline = ActiveDeadline is null ? null : (TimeSpan?)context.Get(ActiveDeadline),
            BackoffLimit = 0,
            TtlAfterFinished = TtlAfterFinished is null ? TimeSpan.FromHours(1) : context.Get(TtlAfterFinished),
            NodeSelector = context.Get(NodeSelector) is { } selector ? new Dictionary<string, string>(selector, StringComparer.Ordinal) : null,
        };
        await JobSubmission.SubmitAsync(context, request, OnJobEndedAsync, OnRetryAsync);
        if (JobSubmission.IsWaitingForJob(context)) context.Properties.Remove(TokenProperty);
    }

    private ValueTask OnRetryAsync(ActivityExecutionContext context) => SubmitAsync(context);

    private ValueTask OnResultAsync(ActivityExecutionContext context)
    {
        var input = context.ResumeInput ?? new Dictionary<string, object?>();
        var subStatus = input.TryGetValue("subStatus", out var s) ? ValueConverter.ToText(s) : null;
        var output = input.TryGetValue("output", out var o) ? ValueConverter.Convert<IDictionary<string, object?>>(o) : null;
        var error = input.TryGetValue("error", out var e) ? ValueConverter.ToText(e) : null;
        var succeeded = subStatus == "Finished";
        context.Set(Output, output);
        context.Set(Status, succeeded ? Succeeded : Failed);
        context.Set(Reason, succeeded ? null : error ?? $"The child flow ended {subStatus ?? "without a status"}.");
        return context.CompleteAsync(succeeded ? Succeeded : Failed);
    }

    private ValueTask OnJobEndedAsync(ActivityExecutionContext context)
    {
        var result = KubernetesJobResult.FromInput(context.ResumeInput ?? new Dictionary<string, object?>());
        // A Job that succeeded posted its result first (the executor exits 0 only once the server took it): that
        // result's resume is queued, and this activity keeps waiting for it.
        if (result.Status == KubernetesJobStatus.Succeeded) return default;
        context.Set(Status, result.Status == KubernetesJobStatus.TimedOut ? TimedOut : Failed);
        context.Set(Reason, result.Reason is null ? result.Message : $"{result.Reason}: {result.Message}");
        context.Set(Logs, result.Logs);
        return context.CompleteAsync(result.Status == KubernetesJobStatus.TimedOut ? TimedOut : Failed);
    }
}
