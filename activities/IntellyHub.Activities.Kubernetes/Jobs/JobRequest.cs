using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;

namespace IntellyHub.Activities.Kubernetes.Jobs;

/// <summary>
/// What a Job runs and how: the values of a Job activity's inputs. <see cref="Validate"/> checks them (each problem
/// names its input) before anything is sent to the cluster; <see cref="ToJob"/> builds the <c>batch/v1</c> Job.
/// A null value is unknown (an expression, when a definition is validated) or not set.
/// </summary>
public sealed partial class JobRequest
{
    /// <summary>The container name of the Job's pod.</summary>
    public const string ContainerName = "main";

    public string? Image { get; init; }
    public IReadOnlyList<string>? Command { get; init; }
    public IReadOnlyList<string>? Args { get; init; }
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Environment variables from Secrets: name → <c>secret-name/key</c>.</summary>
    public IReadOnlyDictionary<string, string>? SecretEnvironment { get; init; }

    public string? Namespace { get; init; }
    public string? CpuRequest { get; init; }
    public string? CpuLimit { get; init; }
    public string? MemoryRequest { get; init; }
    public string? MemoryLimit { get; init; }
    public string? ServiceAccount { get; init; }
    public string? ImagePullPolicy { get; init; }
    public TimeSpan? ActiveDeadline { get; init; }
    public int? BackoffLimit { get; init; }
    public TimeSpan? TtlAfterFinished { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyDictionary<string, string>? NodeSelector { get; init; }

    /// <summary>The image pull policies Kubernetes knows.</summary>
    public static readonly string[] PullPolicies = ["IfNotPresent", "Always", "Never"];

    /// <summary>
    /// The problems of the values, each naming its input. With <paramref name="complete"/> (when the activity runs)
    /// a missing image is a problem too; <paramref name="allowedNamespaces"/> (when given) limits the namespace.
    /// </summary>
    public IReadOnlyList<string> Validate(bool complete, IReadOnlyCollection<string>? allowedNamespaces = null)
    {
        var problems = new List<string>();
        if (Image is null ? complete : string.IsNullOrWhiteSpace(Image))
            problems.Add("Input 'Image' is empty: name the container image to run.");
        else if (Image is not null && Image.Any(char.IsWhiteSpace))
            problems.Add($"Input 'Image' ('{Image}') contains white space.");

        if (Namespace is { } ns)
        {
            if (!DnsLabel().IsMatch(ns))
                problems.Add($"Input 'Namespace' ('{ns}') is not a valid namespace name: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters.");
            else if (allowedNamespaces is not null && !allowedNamespaces.Contains(ns))
                problems.Add($"Input 'Namespace' ('{ns}') is not one of the namespaces this server runs Jobs in ({string.Join(", ", allowedNamespaces)}).");
        }

        CheckQuantity(problems, nameof(CpuRequest), CpuRequest);
        CheckQuantity(problems, nameof(CpuLimit), CpuLimit);
        CheckQuantity(problems, nameof(MemoryRequest), MemoryRequest);
        CheckQuantity(problems, nameof(MemoryLimit), MemoryLimit);
        CheckRequestWithinLimit(problems, nameof(CpuRequest), CpuRequest, nameof(CpuLimit), CpuLimit);
        CheckRequestWithinLimit(problems, nameof(MemoryRequest), MemoryRequest, nameof(MemoryLimit), MemoryLimit);

        if (ServiceAccount is { Length: > 0 } account && !DnsSubdomain().IsMatch(account))
            problems.Add($"Input 'ServiceAccount' ('{account}') is not a valid service account name.");
        if (ImagePullPolicy is { Length: > 0 } policy && !PullPolicies.Contains(policy, StringComparer.Ordinal))
            problems.Add($"Input 'ImagePullPolicy' ('{policy}') must be one of {string.Join(", ", PullPolicies)}.");
        if (ActiveDeadline is { } deadline && deadline < TimeSpan.Zero)
            problems.Add("Input 'ActiveDeadline' is negative.");
        if (ActiveDeadline is { } d && d > TimeSpan.Zero && d < TimeSpan.FromSeconds(1))
            problems.Add("Input 'ActiveDeadline' is shorter than one second (Kubernetes counts whole seconds).");
        if (BackoffLimit is < 0)
            problems.Add("Input 'BackoffLimit' is negative.");
        if (TtlAfterFinished is { } ttl && ttl < TimeSpan.Zero)
            problems.Add("Input 'TtlAfterFinished' is negative.");

        foreach (var (name, _) in Environment ?? new Dictionary<string, string>())
            if (!EnvName().IsMatch(name)) problems.Add($"Input 'Environment': '{name}' is not a valid environment variable name.");
        foreach (var (name, reference) in SecretEnvironment ?? new Dictionary<string, string>())
        {
            if (!EnvName().IsMatch(name)) problems.Add($"Input 'SecretEnvironment': '{name}' is not a valid environment variable name.");
            if (!TryParseSecretReference(reference, out _, out _))
                problems.Add($"Input 'SecretEnvironment': the value of '{name}' must be 'secret-name/key' (a Secret in the Job's namespace and one of its keys).");
        }

        CheckLabels(problems, nameof(Labels), Labels);
        CheckLabels(problems, nameof(NodeSelector), NodeSelector);
        return problems;
    }

    /// <summary>The Job: labelled with the instance and activity, one container named <see cref="ContainerName"/>, never restarted in place.</summary>
    public V1Job ToJob(string name, string ns, IReadOnlyDictionary<string, string> ownLabels)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Labels ?? new Dictionary<string, string>()) labels[key] = value;
        foreach (var (key, value) in ownLabels) labels[key] = value;

        var env = new List<V1EnvVar>();
        foreach (var (key, value) in Environment ?? new Dictionary<string, string>())
            env.Add(new V1EnvVar { Name = key, Value = value });
        foreach (var (key, reference) in SecretEnvironment ?? new Dictionary<string, string>())
        {
            TryParseSecretReference(reference, out var secret, out var secretKey);
            env.Add(new V1EnvVar { Name = key, ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = secretKey } } });
        }

        var requests = Quantities(("cpu", CpuRequest), ("memory", MemoryRequest));
        var limits = Quantities(("cpu", CpuLimit), ("memory", MemoryLimit));
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = labels },
            Spec = new V1JobSpec
            {
                BackoffLimit = BackoffLimit ?? 0,
                ActiveDeadlineSeconds = ActiveDeadline is { } deadline && deadline > TimeSpan.Zero ? (long)Math.Ceiling(deadline.TotalSeconds) : null,
                TtlSecondsAfterFinished = TtlAfterFinished is { } ttl ? (int)Math.Ceiling(ttl.TotalSeconds) : null,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels) },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        ServiceAccountName = string.IsNullOrEmpty(ServiceAccount) ? null : ServiceAccount,
                        NodeSelector = NodeSelector is { Count: > 0 } selector ? new Dictionary<string, string>(selector) : null,
                        Containers =
                        [
                            new V1Container
                            {
                                Name = ContainerName,
                                Image = Image,
                                Command = Command is { Count: > 0 } command ? [.. command] : null,
                                Args = Args is { Count: > 0 } args ? [.. args] : null,
                                Env = env.Count > 0 ? env : null,
                                ImagePullPolicy = string.IsNullOrEmpty(ImagePullPolicy) ? null : ImagePullPolicy,
                                Resources = requests is null && limits is null ? null : new V1ResourceRequirements { Requests = requests, Limits = limits },
                            },
                        ],
                    },
                },
            },
        };
    }

    /// <summary>True when <paramref name="text"/> is a Kubernetes quantity (<c>500m</c>, <c>2</c>, <c>1.5Gi</c>, <c>1e3</c>).</summary>
    public static bool IsQuantity(string text) => Quantity().IsMatch(text);

    private static Dictionary<string, ResourceQuantity>? Quantities(params (string Name, string? Value)[] values)
    {
        var result = values.Where(v => !string.IsNullOrWhiteSpace(v.Value)).ToDictionary(v => v.Name, v => new ResourceQuantity(v.Value!.Trim()));
        return result.Count > 0 ? result : null;
    }

    private static void CheckQuantity(List<string> problems, string input, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        if (!IsQuantity(value.Trim()))
            problems.Add($"Input '{input}' ('{value}') is not a Kubernetes quantity (for example 500m or 2 for CPU, 256Mi or 1Gi for memory).");
    }

    private static void CheckRequestWithinLimit(List<string> problems, string requestInput, string? request, string limitInput, string? limit)
    {
        if (string.IsNullOrWhiteSpace(request) || string.IsNullOrWhiteSpace(limit) || !IsQuantity(request.Trim()) || !IsQuantity(limit.Trim())) return;
        if (new ResourceQuantity(request.Trim()).ToDecimal() > new ResourceQuantity(limit.Trim()).ToDecimal())
            problems.Add($"Input '{requestInput}' ({request}) is more than input '{limitInput}' ({limit}).");
    }

    private static void CheckLabels(List<string> problems, string input, IReadOnlyDictionary<string, string>? labels)
    {
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            if (!LabelKey().IsMatch(key) || key.Split('/')[^1].Length > 63)
                problems.Add($"Input '{input}': '{key}' is not a valid label key.");
            else if (input == nameof(Labels) && (key.StartsWith(JobLabels.ReservedPrefix, StringComparison.Ordinal) || key == JobLabels.ManagedBy))
                problems.Add($"Input '{input}': '{key}' is set by IntellyHub.");
            if (value.Length > 63 || (value.Length > 0 && !LabelValue().IsMatch(value)))
                problems.Add($"Input '{input}': the value of '{key}' ('{value}') is not a valid label value (at most 63 letters, digits, '-', '_', '.').");
        }
    }

    private static bool TryParseSecretReference(string reference, out string secret, out string key)
    {
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        secret = slash > 0 ? reference[..slash] : "";
        key = slash > 0 ? reference[(slash + 1)..] : "";
        return DnsSubdomain().IsMatch(secret) && SecretKey().IsMatch(key);
    }

    /// <summary>Problems as one message (what the activity's incident says).</summary>
    public static string Describe(IReadOnlyList<string> problems) =>
        problems.Count == 1 ? problems[0] : string.Join(" ", problems.Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"({i + 1}) {p}")));

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^[-._a-zA-Z][-._a-zA-Z0-9]*$")]
    private static partial Regex EnvName();

    [GeneratedRegex("^[-._a-zA-Z0-9]+$")]
    private static partial Regex SecretKey();

    [GeneratedRegex("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelKey();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();

    // Kubernetes quantities: a decimal number, then a binary (Ki…Ei), decimal (n, u, m, k, M…E) or exponent suffix.
    [GeneratedRegex("^[+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$")]
    private static partial Regex Quantity();
}
