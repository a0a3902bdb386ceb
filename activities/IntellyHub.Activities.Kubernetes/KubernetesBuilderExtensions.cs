using IntellyHub.Activities.Kubernetes;
using IntellyHub.Activities.Kubernetes.Cluster;
using IntellyHub.Activities.Kubernetes.Jobs;
using IntellyHub.Workflows.Registration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IntellyHub.Extensions;

/// <summary>Adds the Kubernetes activity pack: its activities, the cluster client and the Job watcher.</summary>
public static class KubernetesBuilderExtensions
{
    /// <summary>
    /// Registers <c>IntellyHub.RunKubernetesJob</c> and <c>IntellyHub.RunWorkflowInKubernetes</c>, the client (in-cluster
    /// or kubeconfig, see <see cref="KubernetesOptions"/>) and the watcher that resumes flows when their Jobs end. The
    /// watcher needs the durable runtime (<c>UseRuntime</c>), which delivers its stimuli; it runs only when
    /// <see cref="KubernetesOptions.Enabled"/>.
    /// </summary>
    public static IntellyHubBuilder UseKubernetes(this IntellyHubBuilder builder, Action<KubernetesOptions>? configure = null)
    {
        builder.AddActivitiesFrom<RunKubernetesJob>();
        var options = builder.Services.AddOptions<KubernetesOptions>();
        if (configure is not null) options.Configure(configure);
        builder.Services.TryAddSingleton<KubernetesClientProvider>();
        builder.Services.TryAddSingleton<KubernetesJobWatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<KubernetesJobWatcher>());
        return builder;
    }
}
