using System.Diagnostics;
using IntellyHub.Activities.Kubernetes.Tests.FakeKubernetes;
using k8s;
using k8s.Models;

namespace IntellyHub.Activities.Kubernetes.Tests;

/// <summary>
/// The manifests under <c>deploy/kubernetes</c>: every document read strictly into the Kubernetes object model of the
/// client (generated from the Kubernetes OpenAPI schema: an unknown field, a wrong type or a missing required field
/// fails), the RBAC rules exactly as the activities need them, the objects referring to each other, and
/// <c>kubectl apply --dry-run=client</c> (kubectl from Debian's kubernetes-client, or <c>KUBECTL</c>; discovery from the fake
/// API server).
/// </summary>
public sealed class DeployManifestTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "deploy", "kubernetes");

    private static List<object> LoadAll() =>
        Directory.GetFiles(Folder, "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(file => KubernetesYaml.LoadAllFromString(File.ReadAllText(file), strict: true)).ToList();

    [Fact]
    public void Every_manifest_is_a_valid_object_of_its_kind()
    {
        var objects = LoadAll();

        Assert.Equal(["ConfigMap", "Deployment", "Role", "RoleBinding", "Service", "ServiceAccount"],
            objects.Cast<IKubernetesObject<V1ObjectMeta>>().Select(o => o.Kind).Order(StringComparer.Ordinal));
        foreach (var item in objects)
        {
            // Required fields (the model's Validate throws on a missing one) and names.
            item.GetType().GetMethod("Validate")?.Invoke(item, null);
            var metadata = ((IKubernetesObject<V1ObjectMeta>)item).Metadata;
            Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", metadata.Name);
            Assert.Null(metadata.NamespaceProperty); // applied with -n to any namespace
        }
    }

    [Fact]
    public void A_manifest_with_an_unknown_field_is_rejected_by_the_strict_reading()
    {
        const string bad = """
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: intellyhub
            automountServiceAccountTokens: true
            """;
        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(bad, strict: true));
    }

    [Fact]
    public void The_role_grants_exactly_what_the_job_activities_need()
    {
        var role = LoadAll().OfType<V1Role>().Single();

        var rules = role.Rules.SelectMany(r => r.ApiGroups.SelectMany(g => r.Resources.Select(res => (Resource: $"{g}/{res}", Verbs: string.Join(",", r.Verbs.Order(StringComparer.Ordinal))))))
            .OrderBy(r => r.Resource, StringComparer.Ordinal).ToList();
        Assert.Equal([("/pods", "list"), ("/pods/log", "get"), ("batch/jobs", "create,delete,get,list,watch")], rules);
        Assert.All(role.Rules, r => Assert.Null(r.ResourceNames));
    }

    [Fact]
    public void The_objects_refer_to_each_other_and_to_settings_the_server_has()
    {
        var objects = LoadAll();
        var account = objects.OfType<V1ServiceAccount>().Single();
        var role = objects.OfType<V1Role>().Single();
        var binding = objects.OfType<V1RoleBinding>().Single();
        var deployment = objects.OfType<V1Deployment>().Single();
        var service = objects.OfType<V1Service>().Single();
        var config = objects.OfType<V1ConfigMap>().Single();

        Assert.Equal(("Role", role.Metadata.Name), (binding.RoleRef.Kind, binding.RoleRef.Name));
        Assert.Equal(("ServiceAccount", account.Metadata.Name), (binding.Subjects.Single().Kind, binding.Subjects.Single().Name));
        var pod = deployment.Spec.Template;
        Assert.Equal(account.Metadata.Name, pod.Spec.ServiceAccountName);
        Assert.All(deployment.Spec.Selector.MatchLabels, l => Assert.Equal(l.Value, pod.Metadata.Labels[l.Key]));
        Assert.All(service.Spec.Selector, l => Assert.Equal(l.Value, pod.Metadata.Labels[l.Key]));
        var container = pod.Spec.Containers.Single();
        Assert.Equal(config.Metadata.Name, container.EnvFrom.Single().ConfigMapRef.Name);
        Assert.Contains(container.Ports, p => p.Name == service.Spec.Ports.Single().TargetPort.Value);

        // Every Kubernetes setting in the ConfigMap is a property of KubernetesOptions (a typo would be ignored silently).
        foreach (var key in config.Data.Keys.Concat(container.Env.Select(e => e.Name)).Where(k => k.StartsWith("IntellyHub__Kubernetes__", StringComparison.Ordinal)))
            Assert.NotNull(typeof(KubernetesOptions).GetProperty(key["IntellyHub__Kubernetes__".Length..]));
        Assert.Equal("InCluster", config.Data["IntellyHub__Kubernetes__Connection"]);
        Assert.True(Enum.TryParse<KubernetesConnectionMode>(config.Data["IntellyHub__Kubernetes__Connection"], out _));
    }

    [Fact]
    public async Task Kubectl_applies_the_manifests_in_a_client_side_dry_run()
    {
        var kubectl = new[] { Environment.GetEnvironmentVariable("KUBECTL") ?? "", "/usr/bin/kubectl", "/usr/local/bin/kubectl" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("kubectl is not installed: `bash .ci/services.sh install` installs Debian's kubernetes-client.");
        await using var api = new FakeKubernetesApi();
        await api.StartAsync();

        var start = new ProcessStartInfo(kubectl)
        {
            ArgumentList = { "--kubeconfig", api.KubeConfigPath, "apply", "--dry-run=client", "--validate=false", "-n", "intellyhub", "-f", Folder, "-o", "name" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["HOME"] = Path.GetDirectoryName(api.KubeConfigPath)!; // no cache or config of the machine's user
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(process.ExitCode == 0, $"kubectl failed ({process.ExitCode}): {await error}");
        var applied = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["configmap/intellyhub", "deployment.apps/intellyhub", "role.rbac.authorization.k8s.io/intellyhub-jobs",
             "rolebinding.rbac.authorization.k8s.io/intellyhub-jobs", "service/intellyhub", "serviceaccount/intellyhub"],
            applied);
    }
}
