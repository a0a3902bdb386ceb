using System.Globalization;
using System.Net;
using System.Net.Sockets;
using IntellyHub.Activities.Kubernetes.Cluster;
using IntellyHub.Workflows.Activities.Scheduling;
using IntellyHub.Workflows.Execution;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Options;

namespace IntellyHub.Activities.Kubernetes.Jobs;

/// <summary>The stimulus of a retry of a Job the API did not accept: the waiting execution and its attempt.</summary>
public sealed record JobRetryStimulus(string ActivityInstanceId, int Attempt)
{
    /// <summary>The bookmark kind of a retry wait (a timed bookmark the runtime's timer resumes).</summary>
    public const string Name = "IntellyHub.Kubernetes.JobRetry";
}

/// <summary>
/// Creates the Job of a Job activity and suspends the activity until the Job ends, the part both Job activities share.
/// The Job's name comes from the instance and the activity execution, so creating it again (after an incident, a retry,
/// or a crash between the create and the commit) finds the same Job: a 409 AlreadyExists for a Job of this execution is
/// success. When the API cannot be reached (connection refused, timeout, 5xx, 429) the attempt is an incident and the
/// activity waits on a timed bookmark, with doubling delays, before it asks again; after the last attempt it faults.
/// </summary>
public static class JobSubmission
{
    private const string NamespaceProperty = "k8s.namespace";
    private const string JobNameProperty = "k8s.jobName";
    private const string AttemptProperty = "k8s.attempt";

    /// <summary>Validates <paramref name="request"/> and submits its Job; the activity then waits (or faults on bad input).</summary>
    public static async ValueTask SubmitAsync(ActivityExecutionContext context, JobRequest request, BookmarkCallback onJobEnded, BookmarkCallback onRetry)
    {
        var options = context.GetRequiredService<IOptions<KubernetesOptions>>().Value;
        var ns = string.IsNullOrWhiteSpace(request.Namespace) ? options.DefaultNamespace : request.Namespace.Trim();
        var problems = WithNamespace(request, ns).Validate(complete: true, options.WatchedNamespaces);
        if (problems.Count > 0) throw new ArgumentException(JobRequest.Describe(problems));

        var instanceId = context.WorkflowExecutionContext.InstanceId;
        var name = JobLabels.JobName(instanceId, context.Id, context.Activity.Id);
        context.SetProperty(NamespaceProperty, ns);
        context.SetProperty(JobNameProperty, name);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [JobLabels.ManagedBy] = JobLabels.ManagedByValue,
            [JobLabels.WorkflowInstanceId] = JobLabels.LabelValue(instanceId),
            [JobLabels.ActivityId] = JobLabels.LabelValue(context.Activity.Id),
            [JobLabels.ActivityInstanceId] = JobLabels.LabelValue(context.Id),
        };
        var job = WithNamespace(request, ns).ToJob(name, ns, labels);
        await CreateAsync(context, job, options, onJobEnded, onRetry);
    }

    /// <summary>Asks again for the Job the API did not accept (the activity's retry callback calls this).</summary>
    public static async ValueTask RetryAsync(ActivityExecutionContext context, JobRequest request, BookmarkCallback onJobEnded, BookmarkCallback onRetry) =>
        await SubmitAsync(context, request, onJobEnded, onRetry);

    /// <summary>Deletes the Job of a cancelled activity (background propagation: Kubernetes removes its pods).</summary>
    public static async ValueTask DeleteAsync(ActivityExecutionContext context)
    {
        if (context.GetProperty<string>(JobNameProperty) is not { } name || context.GetProperty<string>(NamespaceProperty) is not { } ns) return;
        var client = context.GetRequiredService<KubernetesClientProvider>().Client;
        try
        {
            await client.BatchV1.DeleteNamespacedJobAsync(name, ns, propagationPolicy: "Background", cancellationToken: context.CancellationToken);
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Gone already (never created, or deleted by its TTL or by someone else).
        }
    }

    /// <summary>True once the Job exists and the activity waits for its end (not for a retry of its creation).</summary>
    public static bool IsWaitingForJob(ActivityExecutionContext context) =>
        context.HasBookmarks && context.GetProperty<int>(AttemptProperty) == 0 && context.GetProperty<string>(JobNameProperty) is not null;

    /// <summary>The Job's namespace and name (set once the activity submitted it).</summary>
    public static (string Namespace, string JobName)? Submitted(ActivityExecutionContext context) =>
        context.GetProperty<string>(JobNameProperty) is { } name && context.GetProperty<string>(NamespaceProperty) is { } ns ? (ns, name) : null;

    private static JobRequest WithNamespace(JobRequest request, string ns) => new()
    {
        Image = request.Image, Command = request.Command, Args = request.Args, Environment = request.Environment,
        SecretEnvironment = request.SecretEnvironment, Namespace = ns, CpuRequest = request.CpuRequest, CpuLimit = request.CpuLimit,
        MemoryRequest = request.MemoryRequest, MemoryLimit = request.MemoryLimit, ServiceAccount = request.ServiceAccount,
        ImagePullPolicy = request.ImagePullPolicy, ActiveDeadline = request.ActiveDeadline, BackoffLimit = request.BackoffLimit,
        TtlAfterFinished = request.TtlAfterFinished, Labels = request.Labels, NodeSelector = request.NodeSelector,
    };

    private static async ValueTask CreateAsync(ActivityExecutionContext context, V1Job job, KubernetesOptions options, BookmarkCallback onJobEnded, BookmarkCallback onRetry)
    {
        var ns = job.Metadata.NamespaceProperty;
        var name = job.Metadata.Name;
        var client = context.GetRequiredService<KubernetesClientProvider>().Client;
        try
        {
            await client.BatchV1.CreateNamespacedJobAsync(job, ns, cancellationToken: context.CancellationToken);
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Created already: by an earlier attempt whose answer was lost, or before a crash. Only a Job of this execution counts.
            await EnsureOwnJobAsync(client, ns, name, context);
        }
        catch (Exception exception) when (IsTransient(exception, context.CancellationToken))
        {
            var attempt = context.GetProperty<int>(AttemptProperty) + 1;
            context.SetProperty(AttemptProperty, attempt);
            var failure = new KubernetesUnavailableException(
                $"The Kubernetes API did not accept Job {ns}/{name} (attempt {attempt} of {options.MaxAttempts}): {exception.Message}", exception);
            if (attempt >= options.MaxAttempts) throw failure;
            context.RecordIncident(failure);
            var delay = Backoff(options, attempt);
            var resumeAt = context.Clock.GetUtcNow() + delay;
            context.CreateBookmark(new JobRetryStimulus(context.Id, attempt), onRetry, name: JobRetryStimulus.Name,
                metadata: new Dictionary<string, string> { [Delay.ResumeAtMetadataKey] = resumeAt.ToString("O", CultureInfo.InvariantCulture) });
            return;
        }

        context.SetProperty(AttemptProperty, 0);
        context.CreateBookmark(new KubernetesJobStimulus(ns, name), onJobEnded, name: KubernetesJobStimulus.Name);
    }

    private static async Task EnsureOwnJobAsync(IKubernetes client, string ns, string name, ActivityExecutionContext context)
    {
        var existing = await client.BatchV1.ReadNamespacedJobAsync(name, ns, cancellationToken: context.CancellationToken);
        if (existing.Metadata?.Labels?.TryGetValue(JobLabels.ActivityInstanceId, out var owner) != true || owner != JobLabels.LabelValue(context.Id))
            throw new InvalidOperationException($"A Job named {ns}/{name} exists and belongs to another workflow activity.");
    }

    /// <summary>The delay before attempt <paramref name="attempt"/> + 1: the retry delay doubled per attempt, at most the maximum.</summary>
    public static TimeSpan Backoff(KubernetesOptions options, int attempt)
    {
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(options.RetryDelay.Ticks * factor, options.MaxRetryDelay.Ticks));
        return delay < options.MaxRetryDelay ? delay : options.MaxRetryDelay;
    }

    /// <summary>True for failures that asking again may cure: no connection, a timeout, 5xx, 429.</summary>
    public static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        HttpOperationException http => (int)http.Response.StatusCode >= 500 || http.Response.StatusCode == HttpStatusCode.TooManyRequests,
        HttpRequestException => true,
        SocketException => true,
        IOException => true,
        TaskCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };
}

/// <summary>The Kubernetes API could not be reached, or did not answer, for a Job activity.</summary>
public sealed class KubernetesUnavailableException(string message, Exception innerException) : Exception(message, innerException);
