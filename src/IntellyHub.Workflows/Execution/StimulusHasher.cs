using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntellyHub.Workflows.Execution;

/// <summary>
/// Computes the hash that identifies a stimulus: SHA-256 of the kind and the canonical JSON of the
/// payload (properties sorted by name), so equal payloads hash equally whatever their property order.
/// </summary>
public static class StimulusHasher
{
    internal static readonly JsonSerializerOptions PayloadOptions = new(JsonSerializerDefaults.Web);

    /// <summary>The payload serialized as a JSON element.</summary>
    public static JsonElement ToPayload(object? stimulus) => JsonSerializer.SerializeToElement(stimulus, PayloadOptions);

    /// <summary>Hash of a stimulus of the given kind.</summary>
    public static string Hash(string kind, object? stimulus) => Hash(kind, ToPayload(stimulus));

    /// <summary>Hash of a stimulus already in JSON form.</summary>
    public static string Hash(string kind, JsonElement payload)
    {
        var builder = new StringBuilder(kind.Length + 64).Append(kind).Append('|');
        WriteCanonical(JsonNode.Parse(payload.GetRawText()), builder);
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString()));
        return Convert.ToHexStringLower(bytes);
    }

    private static void WriteCanonical(JsonNode? node, StringBuilder builder)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (value is null) continue;
                    if (!first) builder.Append(',');
                    first = false;
                    builder.Append(JsonSerializer.Serialize(key)).Append(':');
                    WriteCanonical(value, builder);
                }

                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) builder.Append(',');
                    WriteCanonical(array[i], builder);
                }

                builder.Append(']');
                break;
            default:
                builder.Append(node.ToJsonString());
                break;
        }
    }
}
