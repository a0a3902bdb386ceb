using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntellyHub.Workflows.Tests.Serialization;

/// <summary>Deep JSON equality that ignores the order of object properties (array order counts).</summary>
internal static class JsonAssert
{
    public static void Equal(JsonNode? expected, JsonNode? actual)
    {
        var difference = FindDifference(expected, actual, "$");
        Assert.True(difference is null, difference);
    }

    /// <summary>The first difference as a path and a description, or null when the documents are equal.</summary>
    public static string? FindDifference(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (null, _) or (_, null):
                return $"{path}: expected {Show(expected)}, got {Show(actual)}";
            case (JsonObject e, JsonObject a):
                foreach (var (key, value) in e)
                {
                    if (!a.TryGetPropertyValue(key, out var other)) return $"{path}.{key}: missing (expected {Show(value)})";
                    if (FindDifference(value, other, $"{path}.{key}") is { } d) return d;
                }

                foreach (var (key, value) in a)
                    if (!e.ContainsKey(key)) return $"{path}.{key}: unexpected property {Show(value)}";
                return null;
            case (JsonArray e, JsonArray a):
                if (e.Count != a.Count) return $"{path}: expected {e.Count} items, got {a.Count}";
                for (var i = 0; i < e.Count; i++)
                    if (FindDifference(e[i], a[i], $"{path}[{i}]") is { } d) return d;
                return null;
            case (JsonValue e, JsonValue a):
                return ValuesEqual(e, a) ? null : $"{path}: expected {Show(e)}, got {Show(a)}";
            default:
                return $"{path}: expected {Show(expected)}, got {Show(actual)}";
        }
    }

    private static bool ValuesEqual(JsonValue expected, JsonValue actual)
    {
        var e = expected.GetValueKind();
        var a = actual.GetValueKind();
        if (e != a) return false;
        return e switch
        {
            JsonValueKind.Number => decimal.Parse(expected.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
                                    == decimal.Parse(actual.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture),
            JsonValueKind.String => expected.GetValue<string>() == actual.GetValue<string>(),
            _ => true,
        };
    }

    private static string Show(JsonNode? node) => node is null ? "null" : node.ToJsonString();
}
