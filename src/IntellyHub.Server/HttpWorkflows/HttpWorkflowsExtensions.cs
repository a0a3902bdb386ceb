using IntellyHub.Activities.Http.Endpoints;
using IntellyHub.Server.HttpWorkflows;
using IntellyHub.Server.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IntellyHub.Extensions;

/// <summary>
/// HTTP-triggered flows (<c>/workflows/{**path}</c>, the <c>Elsa.HttpEndpoint</c> and <c>Elsa.WriteHttpResponse</c>
/// activities) and signed webhooks (<c>/webhooks/{**path}</c>, <c>IntellyHub.Webhook</c>). Settings: <c>IntellyHub:Http</c>.
/// </summary>
public static class HttpWorkflowsExtensions
{
    /// <summary>The route table, the request handlers, the exchange the HTTP activities see, and the <c>apikey</c> access policy.</summary>
    public static IServiceCollection AddHttpWorkflows(this IServiceCollection services)
    {
        services.AddOptions<HttpWorkflowOptions>().BindConfiguration(HttpWorkflowOptions.Section)
            .Validate(o => o.MaxRequestBodySize > 0 && o.WebhookTolerance > TimeSpan.Zero && o.RouteRefreshInterval > TimeSpan.Zero,
                $"{HttpWorkflowOptions.Section}: MaxRequestBodySize, WebhookTolerance and RouteRefreshInterval must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton<HttpExchangeAccessor>();
        services.AddSingleton<HttpRouteTable>();
        services.AddSingleton<HttpFlowRunner>();
        services.AddSingleton<HttpEndpointHandler>();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookHandler>();
        services.AddAuthorizationBuilder().AddPolicy(HttpFlowRunner.ApiKeyPolicy, policy => policy
            .RequireAuthenticatedUser()
            .RequireRole(Roles.Admin, Roles.Editor, Roles.Viewer)
            .RequireClaim(AuthClaims.Method, AuthMethods.ApiKey));
        return services;
    }

    /// <summary>True for requests to <c>/workflows/…</c> and <c>/webhooks/…</c>, which authenticate only when the flow asks.</summary>
    public static bool IsFlowRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/workflows", StringComparison.OrdinalIgnoreCase) ||
        request.Path.StartsWithSegments("/webhooks", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// <c>/workflows/{**path}</c> (any method) for HTTP endpoints, <c>POST /webhooks/{**path}</c> for webhooks, and
    /// <c>GET /api/webhooks/{definitionId}</c> (editors) for a published flow's webhook URLs and secrets.
    /// </summary>
    public static WebApplication MapHttpWorkflows(this WebApplication app)
    {
        // The handlers are resolved on the first request, not here: mapping must not build the runtime (its settings are
        // checked first, with a clear message) nor cost start-up time.
        app.Map("/workflows/{**path}", (HttpContext http) => http.RequestServices.GetRequiredService<HttpEndpointHandler>().HandleAsync(http)).ExcludeFromDescription();
        app.MapPost("/webhooks/{**path}", (HttpContext http) => http.RequestServices.GetRequiredService<WebhookHandler>().HandleAsync(http)).ExcludeFromDescription();
        app.MapGet("/api/webhooks/{definitionId}", async (string definitionId, HttpContext http, WebhookHandler webhooks) =>
        {
            var list = await webhooks.DescribeAsync(http.Request, definitionId);
            if (list.Count == 0)
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"The published workflow '{definitionId}' has no webhook.");
            return Results.Json(list.ToArray(), HttpWorkflowsJson.Default.WebhookInfoArray);
        }).RequireAuthorization(AccessPolicies.Edit).WithTags("Webhooks");
        return app;
    }
}
