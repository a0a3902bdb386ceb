using IntellyHub.Server.Security;
using IntellyHub.Server.Tests.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IntellyHub.Server.Tests.Security;

/// <summary>Every endpoint under <c>/api</c> and <c>/elsa/api</c> states who may call it: a policy, or explicitly anyone.</summary>
public sealed class EndpointAuthorizationTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ServerFactory _server;

    public EndpointAuthorizationTests() => _server = ServerFactory.Sqlite(_folder.Path);

    public void Dispose()
    {
        _server.Dispose();
        _folder.Dispose();
    }

    private List<RouteEndpoint> ApiEndpoints() =>
    [
        .. _server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => IsApi("/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))),
    ];

    private static bool IsApi(string path) =>
        path.Equals("/api", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/elsa/api", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/elsa/api/", StringComparison.OrdinalIgnoreCase);

    private static string Describe(RouteEndpoint endpoint) =>
        $"{string.Join(",", endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])} {endpoint.RoutePattern.RawText}";

    [Fact]
    public void EveryApiEndpoint_HasAuthorizationOrExplicitAnonymous()
    {
        var endpoints = ApiEndpoints();

        var open = endpoints
            .Where(e => e.Metadata.GetMetadata<IAuthorizeData>() is null && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(Describe)
            .ToList();

        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/api/auth/login");
        Assert.True(open.Count == 0, "Endpoints without authorization metadata: " + string.Join("; ", open));
    }

    [Fact]
    public void OnlyLoginRefreshLogoutAndTheRunTokenCalls_AreAnonymous()
    {
        var anonymous = ApiEndpoints().Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null).Select(e => e.RoutePattern.RawText).Order();

        // The Kubernetes executor's calls carry no user or key: its one-time run token authorises them (WorkflowRunEndpoints).
        Assert.Equal(["/api/auth/login", "/api/auth/logout", "/api/auth/refresh",
            "/api/kubernetes/runs/{definitionId}/definition", "/api/kubernetes/runs/{definitionId}/result"], anonymous);
    }

    [Theory]
    [InlineData("/api/users")]
    [InlineData("/api/users/{id:guid}")]
    [InlineData("/api/api-keys")]
    [InlineData("/api/api-keys/{id:guid}")]
    public void AdminEndpoints_RequireTheAdminPolicy(string route)
    {
        var endpoints = ApiEndpoints().Where(e => e.RoutePattern.RawText?.TrimEnd('/') == route).ToList();

        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, e => Assert.Contains(e.Metadata.GetOrderedMetadata<IAuthorizeData>(), a => a.Policy == AccessPolicies.Admin));
    }
}
