namespace IntellyHub.Activities.Kubernetes;

/// <summary>Marks the Kubernetes activity pack: register it with <c>UseKubernetes()</c> (activities, client and watcher).</summary>
public static class KubernetesActivities
{
    /// <summary>The toolbox category of the pack's activities.</summary>
    public const string Category = "Kubernetes";
}
