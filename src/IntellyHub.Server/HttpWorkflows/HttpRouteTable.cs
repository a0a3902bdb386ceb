using System.Text.Json;
using IntellyHub.Activities.Http.Endpoints;
using IntellyHub.Activities.Http.Webhooks;
using IntellyHub.Runtime.Definitions;
using IntellyHub.Runtime.Persistence;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IntellyHub.Server.HttpWorkflows;

/// <summary>
/// An HTTP endpoint trigger of a published flow: its route, method and access, its body size limit and request timeout,
/// and the version it starts.
/// </summary>
internal sealed record EndpointRoute(string Template, string Method, string? Access, long? RequestSizeLimit, TimeSpan? RequestTimeout, WorkflowDefinitionRecord Definition, string ActivityId)
{
    public TemplateMatcher? Matcher { get; init; }
}

/// <summary>A webhook trigger of a published flow.</summary>
internal sealed record WebhookRoute(string Path, string? Secret, WorkflowDefinitionRecord Definition, string ActivityId);

/// <summary>A request matched to an endpoint trigger, with the route's parameter values.</summary>
internal sealed record EndpointMatch(EndpointRoute Route, Dictionary<string, object> RouteData);

/// <summary>
/// The HTTP routes of the published flows, in memory: the HTTP endpoint and webhook triggers of every published version,
/// read from the trigger index when it changes. A change made through this process (its
/// <see cref="WorkflowDefinitionService.ChangeVersion"/>) rebuilds it before the next request; a change made by another
/// replica is found by a cheap check (the ids of the published versions) at most every
/// <see cref="HttpWorkflowOptions.RouteRefreshInterval"/>, in the background. Requests never scan the trigger table.
/// </summary>
internal sealed partial class HttpRouteTable(
    IDbContextFactory<IntellyHubDbContext> dbFactory,
    WorkflowDefinitionService definitions,
    IOptions<HttpWorkflowOptions> options,
    TimeProvider clock,
    ILogger<HttpRouteTable> logger)
{
    private const string EndpointName = HttpEndpoint.TypeName;
    private const string WebhookName = Webhook.TypeName;
    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private volatile RouteSnapshot? _snapshot;
    private int _checking;

    /// <summary>The current routes (built on first use, rebuilt after a local change).</summary>
    public async ValueTask<RouteSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is null || snapshot.ChangeVersion != definitions.ChangeVersion) return await RebuildAsync(cancellationToken);
        if (clock.GetElapsedTime(snapshot.CheckedAt) >= options.Value.RouteRefreshInterval && Interlocked.CompareExchange(ref _checking, 1, 0) == 0)
            PendingCheck = Task.Run(() => CheckAsync(snapshot), CancellationToken.None);
        return snapshot;
    }

    /// <summary>The latest background check for another replica's changes (tests wait for it).</summary>
    internal Task PendingCheck { get; private set; } = Task.CompletedTask;

    private async Task CheckAsync(RouteSnapshot snapshot)
    {
        try
        {
            var published = await PublishedVersionsAsync(CancellationToken.None);
            if (published == snapshot.PublishedVersions) snapshot.CheckedAt = clock.GetTimestamp();
            else await RebuildAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogCheckFailed(logger, exception);
        }
        finally
        {
            Volatile.Write(ref _checking, 0);
        }
    }

    private async Task<RouteSnapshot> RebuildAsync(CancellationToken cancellationToken)
    {
        await _rebuild.WaitAsync(cancellationToken);
        try
        {
            var version = definitions.ChangeVersion;
            if (_snapshot is { } current && current.ChangeVersion == version && clock.GetElapsedTime(current.CheckedAt) < options.Value.RouteRefreshInterval)
                return current;

            var checkedAt = clock.GetTimestamp();
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var published = await PublishedVersionsAsync(db, cancellationToken);
            var rows = await db.Triggers.AsNoTracking()
                .Where(t => t.Name == EndpointName || t.Name == WebhookName)
                .Join(db.WorkflowDefinitions.AsNoTracking().Where(d => d.IsPublished && !d.IsDeleted), t => t.DefinitionVersionId, d => d.Id,
                    (t, d) => new { t.Name, t.Payload, t.ActivityId, Definition = d })
                .ToListAsync(cancellationToken);

            var endpoints = new List<EndpointRoute>();
            var webhooks = new List<WebhookRoute>();
            foreach (var row in rows.OrderBy(r => r.Definition.DefinitionId, StringComparer.Ordinal).ThenBy(r => r.ActivityId, StringComparer.Ordinal))
            {
                if (row.Payload is null) continue;
                if (row.Name == EndpointName && JsonSerializer.Deserialize<HttpEndpointStimulus>(row.Payload, JsonOptions) is { } endpoint)
                {
                    if (Route(endpoint, row.Definition, row.ActivityId) is { } route) endpoints.Add(route);
                }
                else if (row.Name == WebhookName && JsonSerializer.Deserialize<WebhookStimulus>(row.Payload, JsonOptions) is { } webhook)
                {
                    webhooks.Add(new WebhookRoute(webhook.Path, webhook.Secret, row.Definition, row.ActivityId));
                }
            }

            var snapshot = new RouteSnapshot(version, published, checkedAt, endpoints, webhooks);
            _snapshot = snapshot;
            LogRebuilt(logger, endpoints.Count, webhooks.Count);
            return snapshot;
        }
        finally
        {
            _rebuild.Release();
        }
    }

    private EndpointRoute? Route(HttpEndpointStimulus stimulus, WorkflowDefinitionRecord definition, string activityId)
    {
        var route = new EndpointRoute(stimulus.Path, stimulus.Method, stimulus.Access, stimulus.RequestSizeLimit, stimulus.RequestTimeout, definition, activityId);
        if (!stimulus.Path.Contains('{', StringComparison.Ordinal)) return route;
        try
        {
            return route with { Matcher = new TemplateMatcher(TemplateParser.Parse(stimulus.Path), new RouteValueDictionary()) };
        }
        catch (ArgumentException exception)
        {
            LogBadTemplate(logger, stimulus.Path, definition.DefinitionId, exception.Message);
            return null;
        }
    }

    private async Task<string> PublishedVersionsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await PublishedVersionsAsync(db, cancellationToken);
    }

    // The route table depends only on which versions are published (a version's triggers never change).
    private static async Task<string> PublishedVersionsAsync(IntellyHubDbContext db, CancellationToken cancellationToken)
    {
        var ids = await db.WorkflowDefinitions.AsNoTracking().Where(d => d.IsPublished && !d.IsDeleted).Select(d => d.Id).ToListAsync(cancellationToken);
        ids.Sort(StringComparer.Ordinal);
        return string.Join(',', ids);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    [LoggerMessage(1, LogLevel.Debug, "HTTP route table rebuilt: {EndpointCount} endpoint routes, {WebhookCount} webhooks")]
    private static partial void LogRebuilt(ILogger logger, int endpointCount, int webhookCount);

    [LoggerMessage(2, LogLevel.Warning, "The HTTP endpoint route {Template} of workflow {DefinitionId} is not a valid route template and is ignored: {Reason}")]
    private static partial void LogBadTemplate(ILogger logger, string template, string definitionId, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Checking the published workflows for HTTP route changes failed")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}

/// <summary>One version of the route table.</summary>
internal sealed class RouteSnapshot
{
    private readonly Dictionary<string, List<EndpointRoute>> _literal = new(StringComparer.Ordinal);
    private readonly List<EndpointRoute> _templated = [];
    private readonly Dictionary<string, List<WebhookRoute>> _webhooks = new(StringComparer.Ordinal);
    private long _checkedAt;

    public RouteSnapshot(long changeVersion, string publishedVersions, long checkedAt, IEnumerable<EndpointRoute> endpoints, IEnumerable<WebhookRoute> webhooks)
    {
        ChangeVersion = changeVersion;
        PublishedVersions = publishedVersions;
        _checkedAt = checkedAt;
        foreach (var route in endpoints)
        {
            if (route.Matcher is null)
            {
                if (!_literal.TryGetValue(route.Template, out var list)) _literal[route.Template] = list = [];
                list.Add(route);
            }
            else
            {
                _templated.Add(route);
            }
        }

        // More literal segments first, so orders/new wins over orders/{id}.
        _templated.Sort((a, b) => LiteralSegments(b.Template).CompareTo(LiteralSegments(a.Template)));
        foreach (var webhook in webhooks)
        {
            if (!_webhooks.TryGetValue(webhook.Path, out var list)) _webhooks[webhook.Path] = list = [];
            list.Add(webhook);
        }
    }

    public long ChangeVersion { get; }
    public string PublishedVersions { get; }

    /// <summary>When the published versions were last compared with the database (a <see cref="TimeProvider"/> timestamp).</summary>
    public long CheckedAt
    {
        get => Interlocked.Read(ref _checkedAt);
        set => Interlocked.Exchange(ref _checkedAt, value);
    }

    /// <summary>Every webhook route, for the editors' listing.</summary>
    public IEnumerable<WebhookRoute> Webhooks => _webhooks.Values.SelectMany(w => w);

    /// <summary>The endpoint trigger for a request path (without the base path) and a lower-case method.</summary>
    public EndpointMatch? MatchEndpoint(string path, string method)
    {
        var normalized = HttpEndpointStimulus.NormalizePath(path);
        if (_literal.TryGetValue(normalized, out var literal))
        {
            foreach (var route in literal)
                if (route.Method == method) return new EndpointMatch(route, new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase));
        }

        if (_templated.Count == 0) return null;
        var requestPath = new PathString("/" + path.Trim('/'));
        foreach (var route in _templated)
        {
            if (route.Method != method) continue;
            var values = new RouteValueDictionary();
            if (!route.Matcher!.TryMatch(requestPath, values)) continue;
            var data = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in values)
                if (value is not null) data[key] = value;
            return new EndpointMatch(route, data);
        }

        return null;
    }

    /// <summary>The webhooks at a path (without the base path).</summary>
    public IReadOnlyList<WebhookRoute> MatchWebhooks(string path) =>
        _webhooks.TryGetValue(HttpEndpointStimulus.NormalizePath(path), out var list) ? list : [];

    private static int LiteralSegments(string template) => template.Split('/').Count(s => !s.Contains('{', StringComparison.Ordinal));
}
