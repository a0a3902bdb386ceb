using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using IntellyHub.Cli.Engine;

namespace IntellyHub.Cli.Transfer;

/// <summary>The definition JSON as <c>import</c> sends it and <c>export</c> writes it.</summary>
public static class DefinitionJson
{
    private static readonly JsonWriterOptions Indented = new()
    {
        Indented = true,
        // Workflow text is written as it is ('<', '>', '&', quotes and non-ASCII letters unescaped).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Checks that <paramref name="bytes"/> hold one JSON object and returns them without a UTF-8 byte order mark (the
    /// content is otherwise sent unchanged: the server reads Elsa's and its own fields). Null and the reason otherwise.
    /// </summary>
    public static (byte[]? Body, JsonElement Definition, string? Problem) ForImport(byte[] bytes)
    {
        var body = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return (null, default, $"not a workflow definition: the file holds a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object");
            return (body, root.Clone(), null);
        }
        catch (JsonException exception)
        {
            var where = exception.LineNumber is { } line ? $" (line {line + 1}, column {exception.BytePositionInLine + 1})" : "";
            return (null, default, $"not valid JSON: {DefinitionFile.WithoutJsonPosition(exception.Message)}{where}");
        }
    }

    /// <summary>The JSON document <paramref name="json"/> indented, properties and values as they are, ending in a line break.</summary>
    public static byte[] Indent(JsonElement json)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Indented))
            json.WriteTo(writer);
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>A string property of a definition, or null.</summary>
    public static string? Text(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The <c>version</c> of a definition as text, or "?" when it has none.</summary>
    public static string Version(JsonElement json) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty("version", out var value) && value.ValueKind == JsonValueKind.Number ? value.GetRawText() : "?";

    /// <summary>
    /// <c>&lt;definitionId&gt;.json</c> with the characters no file system (or a shell) takes well replaced by <c>_</c>;
    /// a name that would be hidden or climb folders starts with <c>_</c>.
    /// </summary>
    public static string FileName(string definitionId)
    {
        var invalid = Path.GetInvalidFileNameChars().Concat(['/', '\\', ':', '*', '?', '"', '<', '>', '|']).ToHashSet();
        var name = new string([.. definitionId.Trim().Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c)]);
        if (name.Length == 0) name = "definition";
        if (name.StartsWith('.')) name = "_" + name;
        return name + ".json";
    }
}
