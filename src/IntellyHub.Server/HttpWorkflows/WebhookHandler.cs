using IntellyHub.Activities.Http.Endpoints;
using IntellyHub.Activities.Http.Webhooks;
using IntellyHub.Runtime.Dispatch;
using IntellyHub.Runtime.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IntellyHub.Server.HttpWorkflows;

/// <summary>What an editor needs to set up a sender: where to post and the secret to sign with.</summary>
internal sealed record WebhookInfo(string ActivityId, string Path, string Url, string SignatureHeader, string Secret, bool SecretFromActivity);

/// <summary>
/// <c>POST /webhooks/{**path}</c>: verifies the signature (<see cref="WebhookSignature"/>; missing, malformed or wrong: 401),
/// the timestamp (older or further ahead than <see cref="HttpWorkflowOptions.WebhookTolerance"/>: 401) and that the
/// delivery is new (the same signature again: 409, remembered in the runtime's idempotency keys, so across replicas),
/// then starts the flow like an HTTP endpoint and answers the same way.
/// </summary>
internal sealed partial class WebhookHandler(
    HttpRouteTable routes,
    HttpFlowRunner runner,
    WebhookSecrets secrets,
    IDbContextFactory<IntellyHubDbContext> dbFactory,
    IOptions<HttpWorkflowOptions> options,
    TimeProvider clock,
    ILogger<WebhookHandler> logger)
{
    private const string ReplayKeyPrefix = "webhook:";
    private long _lastSweep;

    public async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.RouteValues["path"] as string ?? "";
        var table = await routes.GetAsync(http.RequestAborted);
        var candidates = table.MatchWebhooks(path);
        if (candidates.Count == 0)
        {
            await runner.WriteProblemAsync(http, StatusCodes.Status404NotFound, "Not Found", $"No published workflow has a webhook at /webhooks/{path.Trim('/')}.");
            return;
        }

        var body = await HttpRequestBodies.ReadAsync(http.Request, options.Value.MaxRequestBodySize, http.RequestAborted);
        if (body.Status == BodyStatus.TooLarge)
        {
            await runner.WriteProblemAsync(http, StatusCodes.Status413PayloadTooLarge, "Payload Too Large", body.Error!);
            return;
        }

        if (!WebhookSignature.TryParse(http.Request.Headers[WebhookSignature.HeaderName].ToString(), out var timestamp, out var signatures))
        {
            await RejectAsync(http, path, "missing", $"The {WebhookSignature.HeaderName} header is missing or malformed (expected t=<unix seconds>,v1=<hex HMAC-SHA256>).");
            return;
        }

        var now = clock.GetUtcNow();
        var age = now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(timestamp, 0, 253402300799));
        if (age.Duration() > options.Value.WebhookTolerance)
        {
            await RejectAsync(http, path, "stale", $"The signature's timestamp is more than {options.Value.WebhookTolerance.TotalMinutes:0.#} minutes away from the server's time.");
            return;
        }

        WebhookRoute? route = null;
        foreach (var candidate in candidates)
        {
            if (!WebhookSignature.Matches(await secrets.GetAsync(candidate), timestamp, body.Raw, signatures)) continue;
            route = candidate;
            break;
        }

        if (route is null)
        {
            await RejectAsync(http, path, "signature", "The signature does not match the body.");
            return;
        }

        if (body.Status == BodyStatus.Malformed)
        {
            await runner.WriteProblemAsync(http, StatusCodes.Status400BadRequest, "Bad Request", body.Error!);
            return;
        }

        var signature = WebhookSignature.Compute(await secrets.GetAsync(route), timestamp, body.Raw);
        if (!await RememberAsync($"{ReplayKeyPrefix}{route.Definition.DefinitionId}:{signature}", now))
        {
            LogRejected(logger, path.Trim('/'), "replay");
            await runner.WriteProblemAsync(http, StatusCodes.Status409Conflict, "Conflict", "This delivery (the same signature) was received already.");
            return;
        }

        var request = new HttpEndpointRequest
        {
            Method = http.Request.Method,
            Path = path.Trim('/'),
            QueryStringData = HttpRequestBodies.ToDictionary(http.Request.Query),
            Headers = HttpRequestBodies.HeadersOf(http.Request),
            ParsedContent = body.Parsed,
        };
        await runner.StartAsync(http, request, route.Definition, route.ActivityId);
    }

    /// <summary>The webhooks of a published definition, with their secrets (for editors).</summary>
    public async Task<IReadOnlyList<WebhookInfo>> DescribeAsync(HttpRequest request, string definitionId)
    {
        var table = await routes.GetAsync(request.HttpContext.RequestAborted);
        var result = new List<WebhookInfo>();
        foreach (var route in table.Webhooks.Where(w => w.Definition.DefinitionId == definitionId).OrderBy(w => w.ActivityId, StringComparer.Ordinal))
        {
            var url = $"{request.Scheme}://{request.Host}{request.PathBase}/webhooks/{route.Path}";
            result.Add(new WebhookInfo(route.ActivityId, route.Path, url, WebhookSignature.HeaderName, await secrets.GetAsync(route), !string.IsNullOrEmpty(route.Secret)));
        }

        return result;
    }

    // The key's unique index makes the first delivery win on every replica. Keys older than twice the tolerance can never
    // match a fresh delivery again: they are swept now and then.
    private async Task<bool> RememberAsync(string key, DateTimeOffset now)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        db.IdempotencyKeys.Add(new IdempotencyKeyRecord { Key = key, CreatedAt = now });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            return false;
        }

        var tolerance = options.Value.WebhookTolerance;
        var last = Interlocked.Read(ref _lastSweep);
        if (clock.GetElapsedTime(last) >= tolerance && Interlocked.CompareExchange(ref _lastSweep, clock.GetTimestamp(), last) == last)
        {
            var cutoff = now - 2 * tolerance;
            await db.IdempotencyKeys.Where(k => k.Key.StartsWith(ReplayKeyPrefix) && k.CreatedAt < cutoff).ExecuteDeleteAsync();
        }

        return true;
    }

    private async Task RejectAsync(HttpContext http, string path, string reason, string detail)
    {
        LogRejected(logger, path.Trim('/'), reason);
        await runner.WriteProblemAsync(http, StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    [LoggerMessage(1, LogLevel.Information, "Webhook delivery to {WebhookPath} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string webhookPath, string reason);
}
