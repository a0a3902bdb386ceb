using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace IntellyHub.Server.HttpWorkflows;

/// <summary>How reading a request body went.</summary>
internal enum BodyStatus
{
    Ok,
    TooLarge,
    Malformed,
}

/// <summary>A request body: the raw bytes (what webhook signatures cover) and the parsed content.</summary>
internal readonly record struct RequestBody(BodyStatus Status, byte[] Raw, object? Parsed, string? Error = null);

/// <summary>
/// Reads a request body up to a size limit and parses it by its content type: JSON (<c>application/json</c>,
/// <c>*+json</c>) into a <see cref="JsonElement"/>, forms (urlencoded and multipart) into a dictionary (one value as a
/// string, several as an array, files as bytes), <c>text/*</c> and XML into a string, anything else into bytes. A body
/// over the limit is refused as soon as its declared length or the bytes read so far exceed it.
/// </summary>
internal static class HttpRequestBodies
{
    public static async Task<RequestBody> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var raw = await ReadRawAsync(request, limit, cancellationToken);
        if (raw is null) return new RequestBody(BodyStatus.TooLarge, [], null, $"The request body is larger than {limit} bytes.");
        if (raw.Length == 0) return new RequestBody(BodyStatus.Ok, raw, null);
        try
        {
            return new RequestBody(BodyStatus.Ok, raw, await ParseAsync(request.ContentType, raw, cancellationToken));
        }
        catch (JsonException exception)
        {
            return new RequestBody(BodyStatus.Malformed, raw, null, $"The request body is not valid JSON: {exception.Message}");
        }
        catch (InvalidDataException exception)
        {
            return new RequestBody(BodyStatus.Malformed, raw, null, $"The request body is not a valid form: {exception.Message}");
        }
    }

    /// <summary>The body's bytes, or null when it is over <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadRawAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared)
        {
            if (declared > limit) return null;
            if (declared == 0) return [];
        }
        else if (request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return [];
        }

        // The server's own limit (Kestrel's 30 MB by default) becomes this one, so a larger endpoint limit is honoured too.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } maximum) maximum.MaxRequestBodySize = limit;
        try
        {
            return await ReadLimitedAsync(request, limit, cancellationToken);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }

    private static async Task<byte[]?> ReadLimitedAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (buffer.Length > limit)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                return null;
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                var bytes = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return bytes;
            }

            reader.AdvanceTo(buffer.Start, buffer.End); // keep everything, wait for more
        }
    }

    private static async Task<object?> ParseAsync(string? contentType, byte[] raw, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)) return raw;
        var type = mediaType.MediaType.Value?.ToLowerInvariant() ?? "";
        if (type == "application/json" || type.EndsWith("+json", StringComparison.Ordinal))
            return JsonSerializer.Deserialize<JsonElement>(raw);
        if (type == "application/x-www-form-urlencoded")
            return ToDictionary(QueryHelpers.ParseQuery(Encoding.UTF8.GetString(raw)));
        if (type == "multipart/form-data")
            return await ReadMultipartAsync(mediaType, raw, cancellationToken);
        if (type.StartsWith("text/", StringComparison.Ordinal) || type is "application/xml" or "application/javascript" || type.EndsWith("+xml", StringComparison.Ordinal))
            return (mediaType.Encoding ?? Encoding.UTF8).GetString(raw);
        return raw;
    }

    private static async Task<Dictionary<string, object>> ReadMultipartAsync(MediaTypeHeaderValue mediaType, byte[] raw, CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary)) throw new InvalidDataException("The multipart body has no boundary.");
        var values = new Dictionary<string, List<object>>(StringComparer.OrdinalIgnoreCase);
        var reader = new MultipartReader(boundary, new MemoryStream(raw, writable: false));
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            object value;
            if (disposition.IsFileDisposition())
            {
                using var content = new MemoryStream();
                await section.Body.CopyToAsync(content, cancellationToken);
                value = content.ToArray();
            }
            else
            {
                using var text = new StreamReader(section.Body, Encoding.UTF8);
                value = await text.ReadToEndAsync(cancellationToken);
            }

            if (!values.TryGetValue(name, out var list)) values[name] = list = [];
            list.Add(value);
        }

        return values.ToDictionary(p => p.Key, p => p.Value.Count == 1 ? p.Value[0] : p.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The request headers for a flow's output, without the caller's credentials (<c>Authorization</c>,
    /// <c>Proxy-Authorization</c>, <c>Cookie</c>): outputs are stored with the instance and its journal.
    /// </summary>
    public static Dictionary<string, object> HeadersOf(HttpRequest request)
    {
        var headers = new Dictionary<string, object>(request.Headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
            if (!CredentialHeaders.Contains(name)) headers[name] = ValueOf(values);
        return headers;
    }

    private static readonly HashSet<string> CredentialHeaders = new(StringComparer.OrdinalIgnoreCase) { "Authorization", "Proxy-Authorization", "Cookie" };

    /// <summary>Header, query or form values: one value as a string, several as a string array.</summary>
    public static Dictionary<string, object> ToDictionary(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> values)
    {
        var dictionary = new Dictionary<string, object>(values.TryGetNonEnumeratedCount(out var count) ? count : 0, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in values) dictionary[key] = ValueOf(value);
        return dictionary;
    }

    private static object ValueOf(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 1 ? values[0]! : values.ToArray()!;
}
