namespace IntellyHub.Activities.Kubernetes.Jobs;

/// <summary>
/// The stimulus a Job's end delivers: its namespace and name. Every activity waiting for a Job waits on a bookmark
/// of kind <see cref="Name"/> with this payload; the watcher sends it with the <see cref="KubernetesJobResult"/>.
/// </summary>
public sealed record KubernetesJobStimulus(string Namespace, string JobName)
{
    /// <summary>The bookmark kind of a wait for a Job's end.</summary>
    public const string Name = "IntellyHub.Kubernetes.JobEnded";
}
