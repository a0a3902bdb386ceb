namespace IntellyHub.Activities.Kubernetes;

/// <summary>How IntellyHub reaches the cluster and runs Jobs (bound from <c>IntellyHub:Kubernetes</c> in the server).</summary>
public sealed class KubernetesOptions
{
    /// <summary>Connect to a cluster and watch Jobs. Off: the activities are known (flows using them validate) but fail when they run.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// How to reach the API server: <c>Auto</c> (in-cluster when the server runs in a pod, else the kubeconfig file),
    /// <c>InCluster</c> (the pod's service account) or <c>KubeConfig</c>.
    /// </summary>
    public KubernetesConnectionMode Connection { get; set; } = KubernetesConnectionMode.Auto;

    /// <summary>The kubeconfig file (default: <c>KUBECONFIG</c>, else <c>~/.kube/config</c>).</summary>
    public string? KubeConfigPath { get; set; }

    /// <summary>The kubeconfig context (default: its current context).</summary>
    public string? Context { get; set; }

    /// <summary>The namespace of Jobs whose activity names none.</summary>
    public string DefaultNamespace { get; set; } = "default";

    /// <summary>
    /// The namespaces Jobs may run in, each one watched. Empty: only <see cref="DefaultNamespace"/>. The server's Role grants
    /// rights in its namespace; add a RoleBinding per extra namespace.
    /// </summary>
    public IList<string> Namespaces { get; set; } = [];

    /// <summary>How many lines of the pod's log an activity returns (the tail).</summary>
    public int LogTailLines { get; set; } = 100;

    /// <summary>At most this many bytes of log are read.</summary>
    public int LogLimitBytes { get; set; } = 64 * 1024;

    /// <summary>First delay before a Job the API did not accept (unreachable, 5xx, 429) is asked for again; doubles per attempt.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest delay between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts to create a Job before the activity faults (each failed attempt is an incident).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Server-side timeout of one watch request; the watcher then watches again from where it was.</summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the watcher keeps re-delivering a finished Job whose bookmark it did not find (not committed yet).</summary>
    public TimeSpan DeliveryWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The executor image of <c>IntellyHub.RunWorkflowInKubernetes</c> (the server's own image, which holds the <c>intellyhub</c> tool).</summary>
    public string ExecutorImage { get; set; } = "intellyhub/server:latest";

    /// <summary>The URL the executor calls back (the server's Service inside the cluster).</summary>
    public string? CallbackUrl { get; set; }

    /// <summary>The namespaces in effect: <see cref="Namespaces"/>, or the default namespace alone.</summary>
    public IReadOnlyList<string> WatchedNamespaces =>
        Namespaces.Count > 0 ? Namespaces.Distinct(StringComparer.Ordinal).ToList() : [DefaultNamespace];
}

/// <summary>How the client finds the API server.</summary>
public enum KubernetesConnectionMode
{
    /// <summary>In-cluster when running in a pod, otherwise the kubeconfig file.</summary>
    Auto,

    /// <summary>The pod's service account token and the cluster's CA.</summary>
    InCluster,

    /// <summary>A kubeconfig file.</summary>
    KubeConfig,
}
