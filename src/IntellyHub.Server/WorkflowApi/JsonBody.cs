using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntellyHub.Server.WorkflowApi;

/// <summary>Reads a request body as JSON; malformed JSON becomes a 400 naming the line and column.</summary>
public static class JsonBody
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>The body as a JSON object; an empty body gives an empty object.</summary>
    /// <exception cref="BadHttpRequestException">The body is not JSON or not an object (status 400).</exception>
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0) return [];

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), documentOptions: DocumentOptions);
        }
        catch (JsonException exception)
        {
            throw new BadHttpRequestException(
                $"The request body is not valid JSON (line {(exception.LineNumber ?? 0) + 1}, column {(exception.BytePositionInLine ?? 0) + 1}).", StatusCodes.Status400BadRequest, exception);
        }

        return node switch
        {
            JsonObject json => json,
            null => [],
            _ => throw new BadHttpRequestException("The request body must be a JSON object.", StatusCodes.Status400BadRequest),
        };
    }

    /// <summary>Deserializes the body into <typeparamref name="T"/> (web defaults: camelCase, case-insensitive); empty → new.</summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request, JsonSerializerOptions options, CancellationToken cancellationToken) where T : new()
    {
        var json = await ReadObjectAsync(request, cancellationToken);
        try
        {
            return json.Deserialize<T>(options) ?? new T();
        }
        catch (JsonException exception)
        {
            throw new BadHttpRequestException($"The request body does not have the expected shape: {exception.Message}", StatusCodes.Status400BadRequest, exception);
        }
    }
}
