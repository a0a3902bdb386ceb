namespace IntellyHub.Activities.Http.Endpoints;

/// <summary>
/// An HTTP request a flow handles, as the host received and parsed it: the endpoint's outputs are read from it.
/// </summary>
public sealed class HttpEndpointRequest
{
    /// <summary>The request method, upper case (<c>GET</c>, <c>POST</c>…).</summary>
    public required string Method { get; init; }

    /// <summary>The path below the host's base path (<c>orders/42</c>).</summary>
    public required string Path { get; init; }

    /// <summary>The values of the route template's parameters (<c>{id}</c> of <c>orders/{id}</c>).</summary>
    public IDictionary<string, object> RouteData { get; init; } = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The query string: one value as a string, several as a string array.</summary>
    public IDictionary<string, object> QueryStringData { get; init; } = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The headers: one value as a string, several as a string array.</summary>
    public IDictionary<string, object> Headers { get; init; } = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The body by its content type: JSON as a <see cref="System.Text.Json.JsonElement"/>, a form as a dictionary, text as a
    /// string, anything else as bytes; null without a body.
    /// </summary>
    public object? ParsedContent { get; init; }
}

/// <summary>What a flow answers to the request it handles.</summary>
public sealed record HttpEndpointResponse(int StatusCode, IReadOnlyDictionary<string, string[]> Headers, string? ContentType, ReadOnlyMemory<byte> Body);

/// <summary>
/// The host's side of a response, implemented by the host per request: it sends the response to the waiting caller (the
/// server does so once the run that wrote it is committed).
/// </summary>
public interface IHttpEndpointResponseWriter
{
    /// <summary>True once a response was written (a request is answered once).</summary>
    bool HasResponded { get; }

    /// <summary>Hands the response to the host; a second one throws.</summary>
    ValueTask WriteAsync(HttpEndpointResponse response, CancellationToken cancellationToken);
}

/// <summary>One HTTP request being handled by a flow in this process: the request and where its response goes.</summary>
public sealed class HttpExchange(HttpEndpointRequest request, IHttpEndpointResponseWriter response)
{
    public HttpEndpointRequest Request { get; } = request;
    public IHttpEndpointResponseWriter Response { get; } = response;
}

/// <summary>
/// The HTTP exchange of the current flow run. The host sets it around a run it starts or resumes for a request; it
/// flows with the run's asynchronous calls (like ASP.NET's <c>IHttpContextAccessor</c>), so the activities of that run see
/// it and no other run does. A run without a request (queued, resumed by something else) sees null.
/// </summary>
public sealed class HttpExchangeAccessor
{
    private static readonly AsyncLocal<HttpExchange?> CurrentExchange = new();

    /// <summary>The exchange of the run on this asynchronous flow, if any.</summary>
    public HttpExchange? Current
    {
        get => CurrentExchange.Value;
        set => CurrentExchange.Value = value;
    }
}
