using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace IntellyHub.Activities.Kubernetes.Jobs;

/// <summary>Tells whether a Job has ended and reads its result: conditions, the pod's exit code and the tail of its log.</summary>
public static class JobResultReader
{
    /// <summary>How the Job ended, or null while it runs.</summary>
    public static (KubernetesJobStatus Status, V1JobCondition Condition)? Terminal(V1Job job)
    {
        foreach (var condition in job.Status?.Conditions ?? [])
        {
            if (condition.Status != "True") continue;
            if (condition.Type == "Complete") return (KubernetesJobStatus.Succeeded, condition);
            if (condition.Type == "Failed")
                return (condition.Reason == "DeadlineExceeded" ? KubernetesJobStatus.TimedOut : KubernetesJobStatus.Failed, condition);
        }

        return null;
    }

    /// <summary>
    /// The result of an ended Job: status and reason from its condition, exit code and log tail from its newest pod
    /// (when the pod is still there), start and finish times from the Job.
    /// </summary>
    public static async Task<KubernetesJobResult> ReadAsync(IKubernetes client, V1Job job, KubernetesOptions options, CancellationToken cancellationToken)
    {
        var ns = job.Metadata.NamespaceProperty;
        var name = job.Metadata.Name;
        var (status, condition) = Terminal(job) ?? throw new InvalidOperationException($"Job {ns}/{name} has not ended.");
        int? exitCode = null;
        string? logs = null;
        string? reason = condition.Reason;
        string? message = condition.Message;
        try
        {
            var pods = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: $"job-name={name}", cancellationToken: cancellationToken);
            var pod = pods.Items.OrderByDescending(p => p.Metadata.CreationTimestamp ?? p.Status?.StartTime ?? DateTime.MinValue).FirstOrDefault();
            if (pod is not null)
            {
                var container = pod.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == JobRequest.ContainerName) ?? pod.Status?.ContainerStatuses?.FirstOrDefault();
                var terminated = container?.State?.Terminated ?? container?.LastState?.Terminated;
                exitCode = terminated?.ExitCode;
                if (status == KubernetesJobStatus.Failed && terminated is { Reason: { Length: > 0 } podReason } && reason is null or "BackoffLimitExceeded")
                    message = string.IsNullOrEmpty(terminated.Message) ? $"{message} (container: {podReason}, exit code {terminated.ExitCode})".Trim() : $"{message} (container: {podReason}: {terminated.Message})".Trim();
                logs = await ReadLogAsync(client, pod, options, cancellationToken);
            }
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // The pods (or the log) are gone already: the result has no exit code or log.
        }

        DateTimeOffset? started = job.Status?.StartTime is { } s ? new DateTimeOffset(DateTime.SpecifyKind(s, DateTimeKind.Utc)) : null;
        var finishedAt = job.Status?.CompletionTime ?? condition.LastTransitionTime;
        DateTimeOffset? finished = finishedAt is { } f ? new DateTimeOffset(DateTime.SpecifyKind(f, DateTimeKind.Utc)) : null;
        return new KubernetesJobResult(ns, name, status, reason, message, exitCode, logs, started, finished);
    }

    private static async Task<string?> ReadLogAsync(IKubernetes client, V1Pod pod, KubernetesOptions options, CancellationToken cancellationToken)
    {
        var container = pod.Spec?.Containers?.Any(c => c.Name == JobRequest.ContainerName) == true ? JobRequest.ContainerName : pod.Spec?.Containers?.FirstOrDefault()?.Name;
        await using var stream = await client.CoreV1.ReadNamespacedPodLogAsync(
            pod.Metadata.Name, pod.Metadata.NamespaceProperty, container: container,
            tailLines: options.LogTailLines, limitBytes: options.LogLimitBytes, cancellationToken: cancellationToken);
        // Read at most the limit, whatever the server sends.
        var buffer = new byte[options.LogLimitBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0) total += read;
        return Encoding.UTF8.GetString(buffer, 0, total);
    }
}
