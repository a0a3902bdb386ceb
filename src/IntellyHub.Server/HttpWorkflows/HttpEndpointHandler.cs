using System.Text.Json;
using IntellyHub.Activities.Http.Endpoints;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Workflows.Execution;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IntellyHub.Server.HttpWorkflows;

/// <summary>
/// <c>/workflows/{**path}</c>: a request matching a published flow's HTTP endpoint trigger (route and method) starts that
/// flow; otherwise a request whose path and method are those of a flow waiting at an HTTP endpoint resumes it; otherwise
/// 404. Access is checked before the body is read; the body is read up to the endpoint's limit (413 above it) and a
/// malformed JSON body is a 400, both before any flow runs. An endpoint's request timeout limits how long the flow runs
/// before the caller is answered (see <see cref="HttpFlowRunner"/>).
/// </summary>
internal sealed class HttpEndpointHandler(
    HttpRouteTable routes,
    HttpFlowRunner runner,
    IDbContextFactory<IntellyHubDbContext> dbFactory,
    IOptions<HttpWorkflowOptions> options)
{
    private const string EndpointName = HttpEndpoint.TypeName;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.RouteValues["path"] as string ?? "";
        var method = MethodOf(http.Request.Method);
        var table = await routes.GetAsync(http.RequestAborted);
        if (table.MatchEndpoint(path, method) is { } match)
        {
            if (!await runner.AuthorizeAsync(http, match.Route.Access)) return;
            if (await ReadRequestAsync(http, path, match.RouteData, match.Route.RequestSizeLimit) is not { } request) return;
            await runner.StartAsync(http, request, match.Route.Definition, match.Route.ActivityId, match.Route.RequestTimeout);
            return;
        }

        await ResumeAsync(http, path, method);
    }

    // A flow waiting at an endpoint: its bookmark's hash is that of the path, the method and the endpoint's access, so the
    // request looks for each access value it might have been created with (one indexed query). One request resumes one
    // waiting flow (the one that waits longest), since only one can answer it.
    private async Task ResumeAsync(HttpContext http, string path, string method)
    {
        var normalized = HttpEndpointStimulus.NormalizePath(path);
        var hashes = HttpEndpointAccess.Known.Select(access => StimulusHasher.Hash(EndpointName, new HttpEndpointStimulus(normalized, method, access))).ToList();
        List<WaitingEndpoint> waiting;
        await using (var db = await dbFactory.CreateDbContextAsync(http.RequestAborted))
        {
            waiting = await db.Bookmarks.AsNoTracking()
                .Where(b => b.Name == EndpointName && hashes.Contains(b.Hash))
                .OrderBy(b => b.CreatedAt)
                .Select(b => new WaitingEndpoint(b.Id, b.WorkflowInstanceId, b.Payload))
                .Take(1)
                .ToListAsync(http.RequestAborted);
        }

        if (waiting.Count == 0)
        {
            await runner.WriteProblemAsync(http, StatusCodes.Status404NotFound, "Not Found", $"No published workflow or waiting workflow handles {http.Request.Method} /workflows/{path.Trim('/')}.");
            return;
        }

        // The payload keeps the endpoint's access, body size limit and request timeout (older bookmarks: access only).
        var bookmark = waiting[0];
        var endpoint = bookmark.Payload is null ? null : JsonSerializer.Deserialize<HttpEndpointStimulus>(bookmark.Payload, JsonOptions);
        if (!await runner.AuthorizeAsync(http, endpoint?.Access)) return;
        if (await ReadRequestAsync(http, path, new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase), endpoint?.RequestSizeLimit) is not { } request) return;
        await runner.ResumeAsync(http, request, bookmark.Id, bookmark.InstanceId, endpoint?.RequestTimeout);
    }

    /// <summary>The parsed request, or null when a 413 or 400 was written.</summary>
    private async Task<HttpEndpointRequest?> ReadRequestAsync(HttpContext http, string path, Dictionary<string, object> routeData, long? sizeLimit)
    {
        var limit = sizeLimit is > 0 ? sizeLimit.Value : options.Value.MaxRequestBodySize;
        var body = await HttpRequestBodies.ReadAsync(http.Request, limit, http.RequestAborted);
        switch (body.Status)
        {
            case BodyStatus.TooLarge:
                await runner.WriteProblemAsync(http, StatusCodes.Status413PayloadTooLarge, "Payload Too Large", body.Error!);
                return null;
            case BodyStatus.Malformed:
                await runner.WriteProblemAsync(http, StatusCodes.Status400BadRequest, "Bad Request", body.Error!);
                return null;
        }

        return new HttpEndpointRequest
        {
            Method = http.Request.Method,
            Path = path.Trim('/'),
            RouteData = routeData,
            QueryStringData = HttpRequestBodies.ToDictionary(http.Request.Query),
            Headers = HttpRequestBodies.HeadersOf(http.Request),
            ParsedContent = body.Parsed,
        };
    }

    private static string MethodOf(string method) => method switch
    {
        "GET" => "get",
        "POST" => "post",
        "PUT" => "put",
        "PATCH" => "patch",
        "DELETE" => "delete",
        "HEAD" => "head",
        _ => method.ToLowerInvariant(),
    };

    private sealed record WaitingEndpoint(string Id, string InstanceId, string? Payload);
}
