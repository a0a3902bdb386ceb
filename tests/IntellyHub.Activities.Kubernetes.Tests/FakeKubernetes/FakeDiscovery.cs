using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace IntellyHub.Activities.Kubernetes.Tests.FakeKubernetes;

/// <summary>
/// API discovery for the kinds IntellyHub's manifests use (what <c>kubectl</c> asks before it applies anything), and a
/// 404 for any object of them (so <c>kubectl apply --dry-run=client</c> reports each one as created).
/// </summary>
internal static class FakeDiscovery
{
    private static readonly Dictionary<string, (string Name, string Kind, bool Namespaced)[]> Groups = new(StringComparer.Ordinal)
    {
        ["v1"] = [("namespaces", "Namespace", false), ("serviceaccounts", "ServiceAccount", true), ("services", "Service", true), ("configmaps", "ConfigMap", true), ("secrets", "Secret", true), ("pods", "Pod", true)],
        ["apps/v1"] = [("deployments", "Deployment", true)],
        ["batch/v1"] = [("jobs", "Job", true)],
        ["rbac.authorization.k8s.io/v1"] = [("roles", "Role", true), ("rolebindings", "RoleBinding", true)],
    };

    public static void Map(WebApplication app)
    {
        app.MapGet("/api", () => Json(new { kind = "APIVersions", versions = new[] { "v1" }, serverAddressByClientCIDRs = new[] { new { clientCIDR = "0.0.0.0/0", serverAddress = "127.0.0.1" } } }));
        app.MapGet("/apis", () => Json(new
        {
            kind = "APIGroupList", apiVersion = "v1",
            groups = Groups.Keys.Where(k => k.Contains('/', StringComparison.Ordinal)).Select(k =>
            {
                var (group, version) = (k.Split('/')[0], k.Split('/')[1]);
                var gv = new { groupVersion = k, version };
                return new { name = group, versions = new[] { gv }, preferredVersion = gv };
            }),
        }));
        app.MapGet("/api/v1", () => Resources("v1"));
        app.MapGet("/apis/{group}/{version}", (string group, string version) => Groups.ContainsKey($"{group}/{version}") ? Resources($"{group}/{version}") : Results.NotFound());
        app.MapGet("/version", () => Json(new { major = "1", minor = "32", gitVersion = "v1.32.0-fake", platform = "linux/amd64" }));
        app.MapGet("/api/v1/namespaces/{ns}/{resource}/{name}", (string resource, string name) => Missing(resource, name));
        app.MapGet("/apis/{group}/{version}/namespaces/{ns}/{resource}/{name}", (string resource, string name) => Missing(resource, name));
    }

    private static IResult Resources(string groupVersion) => Json(new
    {
        kind = "APIResourceList", apiVersion = "v1", groupVersion,
        resources = Groups[groupVersion].Select(r => new
        {
            name = r.Name, singularName = r.Kind.ToLowerInvariant(), namespaced = r.Namespaced, kind = r.Kind,
            verbs = new[] { "create", "delete", "get", "list", "patch", "update", "watch" },
        }),
    });

    private static IResult Missing(string resource, string name) =>
        Results.Text(JsonSerializer.Serialize(new { kind = "Status", apiVersion = "v1", metadata = new { }, status = "Failure", message = $"{resource} \"{name}\" not found", reason = "NotFound", details = new { name, kind = resource }, code = 404 }),
            "application/json", statusCode: 404);

    private static IResult Json(object value) => Results.Text(JsonSerializer.Serialize(value), "application/json");
}
