using System.Globalization;
using IntellyHub.Workflows;

namespace IntellyHub.Activities.Kubernetes.Jobs;

/// <summary>How a Job ended.</summary>
public enum KubernetesJobStatus
{
    /// <summary>The Job completed.</summary>
    Succeeded,

    /// <summary>The Job failed (its pod failed past the backoff limit, or the Job was deleted before it finished).</summary>
    Failed,

    /// <summary>The Job passed its active deadline.</summary>
    TimedOut,
}

/// <summary>
/// The end of a Job as the watcher saw it: status, the reason Kubernetes gave, the container's exit code, the tail of its
/// log and the Job's start and finish times. Travels to the waiting activity as the resume input.
/// </summary>
public sealed record KubernetesJobResult(
    string Namespace,
    string JobName,
    KubernetesJobStatus Status,
    string? Reason = null,
    string? Message = null,
    int? ExitCode = null,
    string? Logs = null,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? FinishedAt = null)
{
    /// <summary>The reason of a Job deleted before it finished.</summary>
    public const string DeletedReason = "JobDeleted";

    /// <summary>The resume input carrying this result.</summary>
    public IDictionary<string, object?> ToInput() => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["namespace"] = Namespace,
        ["jobName"] = JobName,
        ["status"] = Status.ToString(),
        ["reason"] = Reason,
        ["message"] = Message,
        ["exitCode"] = ExitCode,
        ["logs"] = Logs,
        ["startedAt"] = StartedAt?.ToString("O", CultureInfo.InvariantCulture),
        ["finishedAt"] = FinishedAt?.ToString("O", CultureInfo.InvariantCulture),
    };

    /// <summary>Reads a result back from a resume input (values may have gone through JSON).</summary>
    public static KubernetesJobResult FromInput(IDictionary<string, object?> input)
    {
        T? Get<T>(string key) => input.TryGetValue(key, out var value) ? ValueConverter.Convert<T>(value) : default;
        return new KubernetesJobResult(
            Get<string>("namespace") ?? "",
            Get<string>("jobName") ?? "",
            Enum.TryParse<KubernetesJobStatus>(Get<string>("status"), out var status) ? status : KubernetesJobStatus.Failed,
            Get<string>("reason"),
            Get<string>("message"),
            Get<int?>("exitCode"),
            Get<string>("logs"),
            Get<DateTimeOffset?>("startedAt"),
            Get<DateTimeOffset?>("finishedAt"));
    }

    /// <summary>The result of a Job deleted (by someone else) before it finished.</summary>
    public static KubernetesJobResult Deleted(string ns, string name) =>
        new(ns, name, KubernetesJobStatus.Failed, DeletedReason, $"The Job {ns}/{name} was deleted before it finished.");
}
