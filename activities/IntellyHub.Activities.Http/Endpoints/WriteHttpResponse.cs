using System.Net;
using System.Text;
using System.Text.Json;
using IntellyHub.Workflows;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Activities.Http.Endpoints;

/// <summary>
/// Answers the HTTP request the flow handles (started or resumed by an <see cref="HttpEndpoint"/> or a webhook), through
/// the host's <see cref="IHttpEndpointResponseWriter"/>. Strings are sent as they are, bytes as they are, anything else
/// as JSON. Without a request waiting (the run was resumed from the queue) or after a response was written, it faults.
/// </summary>
[Activity("Elsa.WriteHttpResponse", Category = HttpActivities.Category, DisplayName = "HTTP Response",
    Description = "Write a response to the current HTTP response object.")]
public sealed class WriteHttpResponse : Activity
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    [Input(Description = "The status code to return.", UIHint = InputUIHints.Dropdown, DefaultValue = HttpStatusCode.OK)]
    public Input<HttpStatusCode> StatusCode { get; set; } = new(HttpStatusCode.OK);

    [Input(Description = "The content to write back. String values will be sent as-is, while objects will be serialized to a JSON string. Byte arrays will be sent as files.",
        UIHint = InputUIHints.MultiLine)]
    public Input<object?>? Content { get; set; }

    [Input(Description = "The content type to write when sending the response; empty: text/plain for text, application/octet-stream for bytes, application/json otherwise.",
        UIHint = InputUIHints.Dropdown, Options = ["", "text/plain", "application/json", "text/html", "application/xml", "application/octet-stream"])]
    public Input<string?>? ContentType { get; set; }

    [Input(Description = "The headers to send along with the response.", UIHint = InputUIHints.JsonEditor, Category = "Advanced")]
    public Input<HttpHeaders?>? ResponseHeaders { get; set; }

    /// <inheritdoc />
    protected override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var exchange = context.GetService<HttpExchangeAccessor>()?.Current
            ?? throw new InvalidOperationException("No HTTP request is waiting for a response: the flow was not started or resumed by a request in this run.");
        if (exchange.Response.HasResponded) throw new InvalidOperationException("The HTTP request was already answered.");

        var status = (int)context.Get(StatusCode);
        if (status is < 100 or > 599) throw new InvalidOperationException($"{status} is not an HTTP status code.");
        var content = context.Get(Content);
        var contentType = context.Get(ContentType);
        var (body, defaultType) = Encode(content);
        if (body.Length == 0 && content is null) contentType = null;
        else if (string.IsNullOrWhiteSpace(contentType)) contentType = defaultType;
        if (status is 204 or 304) body = ReadOnlyMemory<byte>.Empty;

        IReadOnlyDictionary<string, string[]> headers = context.Get(ResponseHeaders) ?? new HttpHeaders();
        await exchange.Response.WriteAsync(new HttpEndpointResponse(status, headers, contentType, body), context.CancellationToken);
        await context.CompleteAsync();
    }

    private static (ReadOnlyMemory<byte> Body, string ContentType) Encode(object? content) => content switch
    {
        null => (ReadOnlyMemory<byte>.Empty, "text/plain"),
        string text => (Encoding.UTF8.GetBytes(text), "text/plain; charset=utf-8"),
        byte[] bytes => (bytes, "application/octet-stream"),
        JsonElement { ValueKind: JsonValueKind.String } element => (Encoding.UTF8.GetBytes(element.GetString()!), "text/plain; charset=utf-8"),
        _ => (JsonSerializer.SerializeToUtf8Bytes(ValueConverter.ToPlain(content), JsonOptions), "application/json"),
    };
}
