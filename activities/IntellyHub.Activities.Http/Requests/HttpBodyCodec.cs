using System.Collections;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntellyHub.Workflows;

namespace IntellyHub.Activities.Http.Requests;

/// <summary>
/// Turns an activity's Content into request bytes and a response body into a value expressions can use:
/// JSON into a <see cref="JsonNode"/>, text into a string, anything else into bytes.
/// </summary>
public static class HttpBodyCodec
{
    private const string FormUrlEncoded = "application/x-www-form-urlencoded";
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// The body for <paramref name="content"/>: bytes as they are (default <c>application/octet-stream</c>), a string
    /// as UTF-8 text (default <c>text/plain</c>), an object as JSON (default <c>application/json</c>) or, for
    /// <c>application/x-www-form-urlencoded</c>, as form fields. Null or an empty string: no body.
    /// </summary>
    public static HttpRequestBody? CreateRequestBody(object? content, string? contentType)
    {
        if (content is null or "") return null;
        MediaTypeHeaderValue? mediaType = null;
        if (!string.IsNullOrWhiteSpace(contentType) && !MediaTypeHeaderValue.TryParse(contentType.Trim(), out mediaType))
            throw new InvalidOperationException($"ContentType '{contentType}' is not a valid media type.");

        if (content is byte[] bytes) return new HttpRequestBody(bytes, mediaType ?? new MediaTypeHeaderValue("application/octet-stream"));
        if (content is string text) return new HttpRequestBody(Utf8.GetBytes(text), mediaType ?? new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" });

        var plain = ValueConverter.ToPlain(content);
        if (string.Equals(mediaType?.MediaType, FormUrlEncoded, StringComparison.OrdinalIgnoreCase))
            return new HttpRequestBody(Utf8.GetBytes(ToForm(plain)), mediaType!);
        if (mediaType is null || IsJson(mediaType.MediaType))
            return new HttpRequestBody(JsonSerializer.SerializeToUtf8Bytes(plain, JsonOptions), mediaType ?? new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" });
        return new HttpRequestBody(Utf8.GetBytes(ValueConverter.ToText(content) ?? ""), mediaType);
    }

    /// <summary>
    /// The response body: null when empty; JSON (<c>application/json</c>, <c>*+json</c>) as a <see cref="JsonNode"/>
    /// (as text when it does not parse); text (<c>text/*</c>, XML, JavaScript, form data) as a string in its
    /// charset; anything else, or no content type, as bytes.
    /// </summary>
    public static async Task<object?> ReadResponseAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var bytes = await content.ReadAsByteArrayAsync(cancellationToken);
        if (bytes.Length == 0) return null;
        var type = content.Headers.ContentType;
        var mediaType = type?.MediaType;
        if (mediaType is null) return bytes;
        if (IsJson(mediaType))
        {
            try
            {
                return JsonNode.Parse(bytes);
            }
            catch (JsonException)
            {
                return Decode(bytes, type!.CharSet);
            }
        }

        return IsText(mediaType) ? Decode(bytes, type!.CharSet) : bytes;
    }

    private static bool IsJson(string? mediaType) =>
        mediaType is not null && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static bool IsText(string mediaType) =>
        mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
        || mediaType.EndsWith("/xml", StringComparison.OrdinalIgnoreCase)
        || mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("application/javascript", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals(FormUrlEncoded, StringComparison.OrdinalIgnoreCase);

    private static string Decode(byte[] bytes, string? charset)
    {
        Encoding encoding = Utf8;
        if (!string.IsNullOrWhiteSpace(charset))
        {
            try
            {
                encoding = Encoding.GetEncoding(charset.Trim('"'));
            }
            catch (ArgumentException)
            {
                // An unknown charset is read as UTF-8.
            }
        }

        return encoding.GetString(bytes);
    }

    private static string ToForm(object? plain)
    {
        if (plain is string form) return form;
        IEnumerable<KeyValuePair<string, object?>> pairs = plain switch
        {
            IDictionary<string, object?> fieldsByName => fieldsByName,
            IDictionary dictionary => dictionary.Cast<DictionaryEntry>()
                .Select(e => new KeyValuePair<string, object?>(Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "", e.Value)),
            _ => throw new InvalidOperationException("Content sent as application/x-www-form-urlencoded must be an object of fields or a string."),
        };
        var fields = new List<string>();
        foreach (var (key, value) in pairs)
        {
            var name = Uri.EscapeDataString(key);
            if (value is IEnumerable values and not string)
                fields.AddRange(values.Cast<object?>().Select(v => $"{name}={Uri.EscapeDataString(ValueConverter.ToText(v) ?? "")}"));
            else
                fields.Add($"{name}={Uri.EscapeDataString(ValueConverter.ToText(value) ?? "")}");
        }

        return string.Join('&', fields);
    }
}
