using System.Text.Json;
using System.Text.Json.Serialization;

namespace IntellyHub.Activities.Http;

/// <summary>
/// HTTP headers by name (case-insensitive), each with its values: the headers an endpoint received or a response writes,
/// and those of an outgoing request and its response. In JSON an object whose values are a string or an array of strings,
/// as Elsa writes them: <c>{"X-Trace": "1", "Accept": ["application/json", "text/plain"]}</c>.
/// </summary>
[JsonConverter(typeof(HttpHeadersJsonConverter))]
public sealed class HttpHeaders : Dictionary<string, string[]>
{
    /// <summary>No headers.</summary>
    public HttpHeaders() : base(StringComparer.OrdinalIgnoreCase) { }

    /// <summary>The headers of a response and of its content.</summary>
    public HttpHeaders(HttpResponseMessage response) : this()
    {
        foreach (var (name, values) in response.Headers) this[name] = values.ToArray();
        foreach (var (name, values) in response.Content.Headers) this[name] = values.ToArray();
    }

    /// <summary>Reads a string or an array of strings per header (other scalars are taken as their text); writes arrays.</summary>
    private sealed class HttpHeadersJsonConverter : JsonConverter<HttpHeaders>
    {
        public override HttpHeaders Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("HTTP headers must be a JSON object.");
            var headers = new HttpHeaders();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.GetString() ?? "";
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    var values = new List<string>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) values.Add(ReadScalar(ref reader, name));
                    headers[name] = [.. values];
                }
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    headers[name] = [ReadScalar(ref reader, name)];
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

        private static string ReadScalar(ref Utf8JsonReader reader, string name) => reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString() ?? "",
            JsonTokenType.StartObject or JsonTokenType.StartArray => throw new JsonException($"Header '{name}' must be a string or an array of strings."),
            _ => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
        };
    }
}
