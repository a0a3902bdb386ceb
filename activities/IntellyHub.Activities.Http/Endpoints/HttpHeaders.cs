using System.Text.Json;
using System.Text.Json.Serialization;

namespace IntellyHub.Activities.Http.Endpoints;

/// <summary>HTTP headers by name (case-insensitive); in JSON each value is a string or an array of strings, as Elsa writes them.</summary>
[JsonConverter(typeof(HttpHeadersJsonConverter))]
public sealed class HttpHeaders : Dictionary<string, string[]>
{
    public HttpHeaders() : base(StringComparer.OrdinalIgnoreCase) { }
}

/// <summary>Reads a header object whose values are strings, arrays of strings or other scalars; writes arrays.</summary>
internal sealed class HttpHeadersJsonConverter : JsonConverter<HttpHeaders>
{
    public override HttpHeaders Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("Headers must be a JSON object.");
        var headers = new HttpHeaders();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString() ?? "";
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                var values = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) values.Add(ScalarText(ref reader));
                headers[name] = [.. values];
            }
            else if (reader.TokenType != JsonTokenType.Null)
            {
                headers[name] = [ScalarText(ref reader)];
            }
        }

        return headers;
    }

    public override void Write(Utf8JsonWriter writer, HttpHeaders value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, values) in value)
        {
            writer.WriteStartArray(name);
            foreach (var item in values) writer.WriteStringValue(item);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static string ScalarText(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString() ?? "",
        JsonTokenType.StartObject or JsonTokenType.StartArray => throw new JsonException("A header value must be a string or an array of strings."),
        _ => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
    };
}
