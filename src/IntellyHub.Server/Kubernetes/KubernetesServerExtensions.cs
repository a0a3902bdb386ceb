using IntellyHub.Activities.Kubernetes;
using IntellyHub.Workflows.Registration;

namespace IntellyHub.Extensions;

/// <summary>The Kubernetes activity pack in the server: its options from <c>IntellyHub:Kubernetes</c>.</summary>
public static class KubernetesServerExtensions
{
    /// <summary>The configuration section of <see cref="KubernetesOptions"/>.</summary>
    public const string Section = "IntellyHub:Kubernetes";

    /// <summary>
    /// Registers the Kubernetes activities and the Job watcher (which runs only when <c>IntellyHub:Kubernetes:Enabled</c>
    /// is true), with <see cref="KubernetesOptions"/> bound from <see cref="Section"/>.
    /// </summary>
    public static IntellyHubBuilder UseServerKubernetes(this IntellyHubBuilder hub)
    {
        hub.UseKubernetes();
        hub.Services.AddOptions<KubernetesOptions>().BindConfiguration(Section).ValidateOnStart();
        return hub;
    }
}
