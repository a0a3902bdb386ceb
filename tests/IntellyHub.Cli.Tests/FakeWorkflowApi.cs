using System.Net;
using System.Text;
using System.Text.Json;

namespace IntellyHub.Cli.Tests;

/// <summary>One request as the fake server received it.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string? ContentType, byte[] Body)
{
    /// <summary>The path and query below the host, e.g. <c>/elsa/api/workflow-definitions/import</c>.</summary>
    public string PathAndQuery => Uri.PathAndQuery;

    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A server behind the tool's HTTP handler: records every request and answers with <see cref="Respond"/>. No socket is
/// opened; <see cref="Environment"/> is the <see cref="CliEnvironment"/> that routes the tool's requests here.
/// </summary>
public sealed class FakeWorkflowApi(Func<RecordedRequest, HttpResponseMessage> respond) : HttpMessageHandler
{
    private readonly List<RecordedRequest> _requests = [];

    public Func<RecordedRequest, HttpResponseMessage> Respond { get; set; } = respond;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests) return [.. _requests];
        }
    }

    /// <summary>The tool's environment with this fake as its network (and <paramref name="variables"/> as its environment variables).</summary>
    public CliEnvironment Environment(IReadOnlyDictionary<string, string>? variables = null, string? workingDirectory = null) => new()
    {
        CreateHttpHandler = () => this,
        GetEnvironmentVariable = name => variables is not null && variables.TryGetValue(name, out var value) ? value : null,
        WorkingDirectory = workingDirectory,
    };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var recorded = new RecordedRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), request.Content?.Headers.ContentType?.ToString(), body);
        lock (_requests) _requests.Add(recorded);
        return Respond(recorded);
    }

    // The tool's HttpClient disposes its handler after each command; the fake outlives it.
    protected override void Dispose(bool disposing) { }

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Json(HttpStatusCode status, object body) => Json(status, JsonSerializer.Serialize(body, JsonSerializerOptions.Web));

    /// <summary>An RFC 7807 answer as the server writes it.</summary>
    public static HttpResponseMessage Problem(HttpStatusCode status, string title, string? detail = null, object? errors = null)
    {
        var body = new Dictionary<string, object?> { ["type"] = "https://tools.ietf.org/html/rfc9110", ["title"] = title, ["status"] = (int)status };
        if (detail is not null) body["detail"] = detail;
        if (errors is not null) body["errors"] = errors;
        var response = Json(status, body);
        response.Content.Headers.ContentType = new("application/problem+json");
        return response;
    }

    /// <summary>The saved definition an import answers with: the posted one, with the given version.</summary>
    public static HttpResponseMessage Saved(RecordedRequest request, int version, HttpStatusCode status = HttpStatusCode.Created)
    {
        using var posted = JsonDocument.Parse(request.Body);
        var definitionId = posted.RootElement.GetProperty("definitionId").GetString();
        return Json(status, new { id = $"{definitionId}-v{version}", definitionId, version, isLatest = true, isPublished = false });
    }
}
