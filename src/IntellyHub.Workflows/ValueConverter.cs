using System.Collections;
using System.Dynamic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;

namespace IntellyHub.Workflows;

/// <summary>
/// Converts values between the shapes they take in workflows: literals typed in the designer (always
/// strings), JSON read from definitions and persisted state, JavaScript results, and CLR types of inputs
/// and variables. Conversions use the invariant culture.
/// </summary>
public static class ValueConverter
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Converts <paramref name="value"/> to <typeparamref name="T"/>.</summary>
    public static T? Convert<T>(object? value) => value is T t ? t : (T?)Convert(value, typeof(T));

    /// <summary>Converts <paramref name="value"/> to <paramref name="targetType"/>; throws <see cref="FormatException"/> when it cannot.</summary>
    public static object? Convert(object? value, Type targetType)
    {
        if (value is null) return targetType.IsValueType && Nullable.GetUnderlyingType(targetType) is null ? Activator.CreateInstance(targetType) : null;
        if (targetType == typeof(object)) return ToPlain(value);
        if (targetType.IsInstanceOfType(value)) return value;

        var target = Nullable.GetUnderlyingType(targetType) ?? targetType;
        if (value is JsonElement element) return FromJsonElement(element, target);
        if (value is JsonNode node) return FromJsonNode(node, target);

        if (target == typeof(string)) return ToText(value);
        if (target == typeof(JsonElement)) return JsonSerializer.SerializeToElement(ToPlain(value), JsonOptions);
        if (typeof(JsonNode).IsAssignableFrom(target)) return JsonSerializer.SerializeToNode(ToPlain(value), JsonOptions);

        if (value is string text) return FromString(text, target);

        if (target.IsEnum)
            return Enum.ToObject(target, System.Convert.ChangeType(value, Enum.GetUnderlyingType(target), CultureInfo.InvariantCulture));
        if (target == typeof(TimeSpan) && value is IConvertible ms) return TimeSpan.FromMilliseconds(System.Convert.ToDouble(ms, CultureInfo.InvariantCulture));
        if (target == typeof(DateTimeOffset) && value is DateTime dt) return new DateTimeOffset(dt);
        if (target == typeof(DateTime) && value is DateTimeOffset dto) return dto.UtcDateTime;
        if (value is IConvertible && typeof(IConvertible).IsAssignableFrom(target))
            return System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);

        // Structured values (dictionaries, lists, anonymous objects, Expando): round-trip through JSON.
        var json = JsonSerializer.SerializeToElement(ToPlain(value), JsonOptions);
        return FromJsonElement(json, target);
    }

    /// <summary>Text form of a value: strings as they are, numbers and dates invariant, structures as JSON.</summary>
    public static string? ToText(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        JsonElement e => e.GetRawText(),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonNode n => n.ToJsonString(),
        IDictionary or IEnumerable or ExpandoObject => JsonSerializer.Serialize(ToPlain(value), JsonOptions),
        _ => value.ToString(),
    };

    /// <summary>
    /// Plain CLR form of a value: JSON becomes <see cref="Dictionary{TKey,TValue}"/>, <see cref="List{T}"/>,
    /// string, bool, long/double; everything else is returned as it is.
    /// </summary>
    public static object? ToPlain(object? value) => value switch
    {
        JsonElement e => FromElementToPlain(e),
        JsonNode n => FromElementToPlain(JsonSerializer.SerializeToElement(n, JsonOptions)),
        _ => value,
    };

    private static object? FromElementToPlain(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => e.GetString(),
        // Boxed per branch: a conditional of int/long/double would widen every number to double.
        JsonValueKind.Number => e.TryGetInt64(out var l) ? (l is >= int.MinValue and <= int.MaxValue ? (object)(int)l : l) : e.GetDouble(),
        JsonValueKind.Array => e.EnumerateArray().Select(FromElementToPlain).ToList(),
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => FromElementToPlain(p.Value)),
        _ => null,
    };

    private static object? FromJsonNode(JsonNode node, Type target)
    {
        if (node is JsonValue v && v.TryGetValue<string>(out var s) && target != typeof(JsonElement)) return FromString(s, target);
        return FromJsonElement(JsonSerializer.SerializeToElement(node, JsonOptions), target);
    }

    private static object? FromJsonElement(JsonElement element, Type target)
    {
        if (element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return Convert(null, target);
        if (target == typeof(JsonElement)) return element.Clone();
        if (target == typeof(object)) return FromElementToPlain(element);
        if (element.ValueKind == JsonValueKind.String) return FromString(element.GetString()!, target);
        if (target == typeof(string)) return element.GetRawText();
        if (target == typeof(ExpandoObject)) return ToExpando(FromElementToPlain(element));
        if (target == typeof(IDictionary<string, object?>) || target == typeof(IDictionary<string, object>))
            return FromElementToPlain(element) as Dictionary<string, object?>;
        if (target == typeof(ICollection<object?>) || target == typeof(ICollection<object>) || target == typeof(IEnumerable<object>) || target == typeof(IList<object>) || target == typeof(List<object>))
            return FromElementToPlain(element) is List<object?> list ? list : new List<object?> { FromElementToPlain(element) };
        if (target == typeof(object[]))
            return FromElementToPlain(element) is List<object?> items ? items.ToArray() : new[] { FromElementToPlain(element) };
        if (element.ValueKind == JsonValueKind.Array && ToStringList(element, target) is { } strings) return strings;
        return element.Deserialize(target, JsonOptions);
    }

    // A JSON array of strings as a string collection (method lists, commands, outcomes: a list per run of an activity),
    // read directly instead of through the serializer. Null when the target is not a string collection or an item is not
    // a string or null; the serializer then converts it, or says why it can't.
    private static object? ToStringList(JsonElement array, Type target)
    {
        var asArray = target == typeof(string[]);
        if (!asArray && target != typeof(ICollection<string>) && target != typeof(IList<string>) && target != typeof(List<string>)
            && target != typeof(IEnumerable<string>) && target != typeof(IReadOnlyList<string>) && target != typeof(IReadOnlyCollection<string>))
            return null;
        var list = new List<string?>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String) list.Add(item.GetString());
            else if (item.ValueKind == JsonValueKind.Null) list.Add(null);
            else return null;
        }

        return asArray ? list.ToArray() : list;
    }

    private static object? ToExpando(object? plain)
    {
        if (plain is Dictionary<string, object?> dict)
        {
            IDictionary<string, object?> expando = new ExpandoObject();
            foreach (var (k, v) in dict) expando[k] = ToExpando(v);
            return expando;
        }

        return plain is List<object?> list ? list.Select(ToExpando).ToList() : plain;
    }

    private static object? FromString(string text, Type target)
    {
        if (target == typeof(string)) return text;
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
            return target.IsValueType ? Activator.CreateInstance(target) : null;
        if (target == typeof(bool)) return bool.Parse(trimmed);
        if (target == typeof(int)) return int.Parse(trimmed, NumberStyles.Integer | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (target == typeof(long)) return long.Parse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture);
        if (target == typeof(double)) return double.Parse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (target == typeof(decimal)) return decimal.Parse(trimmed, NumberStyles.Number, CultureInfo.InvariantCulture);
        if (target == typeof(TimeSpan)) return ParseTimeSpan(trimmed);
        if (target == typeof(DateTimeOffset)) return DateTimeOffset.Parse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        if (target == typeof(DateTime)) return DateTime.Parse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        if (target == typeof(Guid)) return Guid.Parse(trimmed);
        if (target == typeof(Uri)) return new Uri(trimmed, UriKind.RelativeOrAbsolute);
        if (target.IsEnum) return Enum.Parse(target, trimmed, ignoreCase: true);
        if (typeof(IConvertible).IsAssignableFrom(target)) return System.Convert.ChangeType(trimmed, target, CultureInfo.InvariantCulture);
        if (target.IsArray && target.GetElementType() == typeof(string) && trimmed[0] != '[')
            return trimmed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        // Structured targets given as JSON text (Object expressions, Studio's json-editor).
        using var document = JsonDocument.Parse(trimmed);
        return FromJsonElement(document.RootElement, target);
    }

    /// <summary>Parses <c>hh:mm:ss</c>, <c>d.hh:mm:ss</c> or ISO 8601 durations (<c>PT5S</c>).</summary>
    public static TimeSpan ParseTimeSpan(string text) =>
        text.StartsWith('P') || text.StartsWith("-P", StringComparison.Ordinal)
            ? XmlConvert.ToTimeSpan(text)
            : TimeSpan.Parse(text, CultureInfo.InvariantCulture);
}
