using k8s;
using Microsoft.Extensions.Options;

namespace IntellyHub.Activities.Kubernetes.Cluster;

/// <summary>Gives the one Kubernetes client of the process, built from <see cref="KubernetesOptions"/> on first use.</summary>
public class KubernetesClientProvider(IOptions<KubernetesOptions> options) : IDisposable
{
    private readonly Lock _gate = new();
    private IKubernetes? _client;

    /// <summary>
    /// The client (throws when Kubernetes is disabled or its configuration cannot be read; a later call tries again, so a
    /// kubeconfig file that appears after the start is used).
    /// </summary>
    public virtual IKubernetes Client
    {
        get
        {
            lock (_gate) return _client ??= Create(options.Value);
        }
    }

    /// <summary>Builds a client: in-cluster config in a pod, otherwise the kubeconfig file.</summary>
    public static IKubernetes Create(KubernetesOptions options)
    {
        if (!options.Enabled)
            throw new InvalidOperationException("Kubernetes is not enabled on this server (IntellyHub:Kubernetes:Enabled).");
        var inCluster = options.Connection == KubernetesConnectionMode.InCluster
            || (options.Connection == KubernetesConnectionMode.Auto && KubernetesClientConfiguration.IsInCluster());
        var configuration = inCluster
            ? KubernetesClientConfiguration.InClusterConfig()
            : KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeConfigPath(options), options.Context);
        return new k8s.Kubernetes(configuration);
    }

    // The configured file, else the first file of KUBECONFIG, else ~/.kube/config (the client's default).
    private static string? KubeConfigPath(KubernetesOptions options) =>
        options.KubeConfigPath is { Length: > 0 } path ? path
        : Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } variable ? variable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)[0]
        : null;

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate) _client?.Dispose();
        GC.SuppressFinalize(this);
    }
}
