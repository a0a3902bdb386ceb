using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Validation;

namespace IntellyHub.Activities.Kubernetes.Jobs;

/// <summary>
/// Runs a step in a Kubernetes Job. The activity creates a <c>batch/v1</c> Job (named after the workflow instance and the
/// activity execution, so it is created once), waits on a bookmark without holding a thread or a connection, and is
/// resumed by the Job watcher when the Job succeeds, fails or passes its deadline, even after a server restart.
/// Cancelling the workflow deletes the Job.
/// </summary>
[Activity("IntellyHub.RunKubernetesJob", Category = KubernetesActivities.Category, DisplayName = "Run Kubernetes Job",
    Description = "Runs a container as a Kubernetes Job and continues when the Job ends, with its exit code and the tail of its log.")]
[FlowNode(Succeeded, Failed, TimedOut)]
public sealed class RunKubernetesJob : Activity, IValidatingActivity
{
    /// <summary>The Job completed.</summary>
    public const string Succeeded = "Succeeded";

    /// <summary>The Job failed, or was deleted before it finished.</summary>
    public const string Failed = "Failed";

    /// <summary>The Job passed its active deadline.</summary>
    public const string TimedOut = "TimedOut";

    [Input(Description = "The container image to run (e.g. busybox:1.36).", UIHint = InputUIHints.SingleLine, IsRequired = true, Order = 0)]
    public Input<string>? Image { get; set; }

    [Input(Description = "The command (the image's entrypoint when empty).", UIHint = InputUIHints.MultiText, Order = 1)]
    public Input<ICollection<string>>? Command { get; set; }

    [Input(Description = "Arguments of the command.", UIHint = InputUIHints.MultiText, Order = 2)]
    public Input<ICollection<string>>? Args { get; set; }

    [Input(Description = "Environment variables (name → value).", UIHint = InputUIHints.Dictionary, Order = 3)]
    public Input<IDictionary<string, string>>? Environment { get; set; }

    [Input(Description = "Environment variables from Kubernetes Secrets (name → 'secret-name/key'); the values never pass through IntellyHub.", UIHint = InputUIHints.Dictionary, Order = 4)]
    public Input<IDictionary<string, string>>? SecretEnvironment { get; set; }

    [Input(Description = "The namespace (default: the server's default namespace).", UIHint = InputUIHints.SingleLine, Order = 5, Category = "Placement")]
    public Input<string>? Namespace { get; set; }

    [Input(Description = "CPU request (a Kubernetes quantity: 250m, 1).", UIHint = InputUIHints.SingleLine, Order = 6, Category = "Resources")]
    public Input<string>? CpuRequest { get; set; }

    [Input(Description = "CPU limit (a Kubernetes quantity).", UIHint = InputUIHints.SingleLine, Order = 7, Category = "Resources")]
    public Input<string>? CpuLimit { get; set; }

    [Input(Description = "Memory request (a Kubernetes quantity: 128Mi, 1Gi).", UIHint = InputUIHints.SingleLine, Order = 8, Category = "Resources")]
    public Input<string>? MemoryRequest { get; set; }

    [Input(Description = "Memory limit (a Kubernetes quantity).", UIHint = InputUIHints.SingleLine, Order = 9, Category = "Resources")]
    public Input<string>? MemoryLimit { get; set; }

    [Input(Description = "The pod's service account (default: the namespace's default).", UIHint = InputUIHints.SingleLine, Order = 10, Category = "Placement")]
    public Input<string>? ServiceAccount { get; set; }

    [Input(Description = "When to pull the image.", UIHint = InputUIHints.Dropdown, Options = ["", "IfNotPresent", "Always", "Never"], Order = 11)]
    public Input<string>? ImagePullPolicy { get; set; }

    [Input(Description = "Time limit of the Job (hh:mm:ss); past it the Job is stopped and the activity ends TimedOut. Zero: none.", UIHint = InputUIHints.SingleLine, Order = 12, Category = "Lifecycle")]
    public Input<TimeSpan>? ActiveDeadline { get; set; }

    [Input(Description = "How many times a failed pod is retried before the Job fails.", UIHint = InputUIHints.SingleLine, DefaultValue = 0, Order = 13, Category = "Lifecycle")]
    public Input<int>? BackoffLimit { get; set; }

    [Input(Description = "How long a finished Job is kept before Kubernetes deletes it (hh:mm:ss).", UIHint = InputUIHints.SingleLine, DefaultValue = "01:00:00", Order = 14, Category = "Lifecycle")]
    public Input<TimeSpan>? TtlAfterFinished { get; set; }

    [Input(Description = "Extra labels of the Job and its pod.", UIHint = InputUIHints.Dictionary, Order = 15, Category = "Placement")]
    public Input<IDictionary<string, string>>? Labels { get; set; }

    [Input(Description = "Node selector of the pod (label → value).", UIHint = InputUIHints.Dictionary, Order = 16, Category = "Placement")]
    public Input<IDictionary<string, string>>? NodeSelector { get; set; }

    [Output(Description = "The container's exit code (null when the pod never ran).")]
    public Output<int?> ExitCode { get; set; } = new();

    [Output(Description = "The tail of the container's log.")]
    public Output<string?> Logs { get; set; } = new();

    [Output(Description = "Succeeded, Failed or TimedOut.")]
    public Output<string> Status { get; set; } = new();

    [Output(Description = "Why the Job failed (Kubernetes' reason and message).")]
    public Output<string?> Reason { get; set; } = new();

    [Output(Description = "When the Job started.")]
    public Output<DateTimeOffset?> StartedAt { get; set; } = new();

    [Output(Description = "When the Job finished.")]
    public Output<DateTimeOffset?> FinishedAt { get; set; } = new();

    [Output(Description = "The Job's name.")]
    public Output<string> JobName { get; set; } = new();

    /// <inheritdoc />
    public IEnumerable<string> Validate(LiteralInputs inputs) => Literals(inputs).Validate(complete: false);

    /// <inheritdoc />
    protected override ValueTask ExecuteAsync(ActivityExecutionContext context) =>
        JobSubmission.SubmitAsync(context, Evaluated(context), OnJobEndedAsync, OnRetryAsync);

    /// <inheritdoc />
    protected override ValueTask OnCanceledAsync(ActivityExecutionContext context) => JobSubmission.DeleteAsync(context);

    private ValueTask OnRetryAsync(ActivityExecutionContext context) =>
        JobSubmission.RetryAsync(context, Evaluated(context), OnJobEndedAsync, OnRetryAsync);

    private ValueTask OnJobEndedAsync(ActivityExecutionContext context)
    {
        var result = KubernetesJobResult.FromInput(context.ResumeInput ?? new Dictionary<string, object?>());
        context.Set(ExitCode, result.ExitCode);
        context.Set(Logs, result.Logs);
        context.Set(Status, result.Status.ToString());
        context.Set(Reason, result.Reason is null ? result.Message : result.Message is null ? result.Reason : $"{result.Reason}: {result.Message}");
        context.Set(StartedAt, result.StartedAt);
        context.Set(FinishedAt, result.FinishedAt);
        context.Set(JobName, result.JobName);
        return context.CompleteAsync(result.Status switch
        {
            KubernetesJobStatus.Succeeded => Succeeded,
            KubernetesJobStatus.TimedOut => TimedOut,
            _ => Failed,
        });
    }

    private JobRequest Evaluated(ActivityExecutionContext context) => new()
    {
        Image = context.Get(Image),
        Command = context.Get(Command)?.ToList(),
        Args = context.Get(Args)?.ToList(),
        Environment = ToReadOnly(context.Get(Environment)),
        SecretEnvironment = ToReadOnly(context.Get(SecretEnvironment)),
        Namespace = context.Get(Namespace),
        CpuRequest = context.Get(CpuRequest),
        CpuLimit = context.Get(CpuLimit),
        MemoryRequest = context.Get(MemoryRequest),
        MemoryLimit = context.Get(MemoryLimit),
        ServiceAccount = context.Get(ServiceAccount),
        ImagePullPolicy = context.Get(ImagePullPolicy),
        ActiveDeadline = ActiveDeadline is null ? null : (TimeSpan?)context.Get(ActiveDeadline),
        BackoffLimit = BackoffLimit is null ? null : (int?)context.Get(BackoffLimit),
        TtlAfterFinished = TtlAfterFinished is null ? TimeSpan.FromHours(1) : context.Get(TtlAfterFinished),
        Labels = ToReadOnly(context.Get(Labels)),
        NodeSelector = ToReadOnly(context.Get(NodeSelector)),
    };

    private JobRequest Literals(LiteralInputs inputs) => new()
    {
        Image = inputs.TryGet(Image, out var image) ? image ?? "" : null,
        Namespace = inputs.TryGet(Namespace, out var ns) && !string.IsNullOrWhiteSpace(ns) ? ns : null,
        CpuRequest = inputs.TryGet(CpuRequest, out var cpuRequest) ? cpuRequest : null,
        CpuLimit = inputs.TryGet(CpuLimit, out var cpuLimit) ? cpuLimit : null,
        MemoryRequest = inputs.TryGet(MemoryRequest, out var memoryRequest) ? memoryRequest : null,
        MemoryLimit = inputs.TryGet(MemoryLimit, out var memoryLimit) ? memoryLimit : null,
        ServiceAccount = inputs.TryGet(ServiceAccount, out var account) ? account : null,
        ImagePullPolicy = inputs.TryGet(ImagePullPolicy, out var policy) ? policy : null,
        ActiveDeadline = inputs.TryGet(ActiveDeadline, out var deadline) ? deadline : null,
        BackoffLimit = inputs.TryGet(BackoffLimit, out var backoff) ? backoff : null,
        TtlAfterFinished = inputs.TryGet(TtlAfterFinished, out var ttl) ? ttl : null,
        Environment = inputs.TryGet(Environment, out var env) ? ToReadOnly(env) : null,
        SecretEnvironment = inputs.TryGet(SecretEnvironment, out var secrets) ? ToReadOnly(secrets) : null,
        Labels = inputs.TryGet(Labels, out var labels) ? ToReadOnly(labels) : null,
        NodeSelector = inputs.TryGet(NodeSelector, out var selector) ? ToReadOnly(selector) : null,
    };

    private static Dictionary<string, string>? ToReadOnly(IDictionary<string, string>? values) =>
        values is null ? null : new Dictionary<string, string>(values, StringComparer.Ordinal);
}
