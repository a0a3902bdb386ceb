using System.Collections.Concurrent;
using System.Dynamic;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntellyHub.Workflows;

/// <summary>
/// The type names workflow JSON uses (<c>String</c>, <c>Int32</c>, <c>Object</c>…) and their CLR types.
/// Array forms (<c>String[]</c>) and CLR full names are understood too.
/// </summary>
public static class TypeAliases
{
    private static readonly ConcurrentDictionary<string, Type> ByAlias = new(StringComparer.OrdinalIgnoreCase);
    private static readonly ConcurrentDictionary<Type, string> ByType = new();

    static TypeAliases()
    {
        Add("Object", typeof(object));
        Add("String", typeof(string));
        Add("Boolean", typeof(bool));
        Add("Int16", typeof(short));
        Add("Int32", typeof(int));
        Add("Int64", typeof(long));
        Add("Single", typeof(float));
        Add("Double", typeof(double));
        Add("Decimal", typeof(decimal));
        Add("Byte", typeof(byte));
        Add("Char", typeof(char));
        Add("Guid", typeof(Guid));
        Add("DateTime", typeof(DateTime));
        Add("DateTimeOffset", typeof(DateTimeOffset));
        Add("DateOnly", typeof(DateOnly));
        Add("TimeOnly", typeof(TimeOnly));
        Add("TimeSpan", typeof(TimeSpan));
        Add("Uri", typeof(Uri));
        Add("JsonElement", typeof(JsonElement));
        Add("JsonNode", typeof(JsonNode));
        Add("JsonObject", typeof(JsonObject));
        Add("JsonArray", typeof(JsonArray));
        Add("ExpandoObject", typeof(ExpandoObject));
        Add("ObjectDictionary", typeof(IDictionary<string, object?>));
        Add("StringDictionary", typeof(IDictionary<string, string>));
        Add("ObjectList", typeof(ICollection<object?>));
        Add("StringList", typeof(ICollection<string>));
        Add("ByteArray", typeof(byte[]));
        Add("Stream", typeof(Stream));
        Add("StringMap", typeof(Dictionary<string, string>));
        Add("ObjectMap", typeof(Dictionary<string, object?>));

        // Names Elsa reads but does not write (or writes for a type written differently here).
        ByAlias["Long"] = typeof(long);
        ByAlias["JSON"] = typeof(ExpandoObject);
    }

    private static readonly Dictionary<string, Type> GenericCollections = new(StringComparer.OrdinalIgnoreCase)
    {
        ["List"] = typeof(List<>),
        ["IList"] = typeof(IList<>),
        ["ICollection"] = typeof(ICollection<>),
        ["IEnumerable"] = typeof(IEnumerable<>),
        ["IReadOnlyCollection"] = typeof(IReadOnlyCollection<>),
        ["IReadOnlyList"] = typeof(IReadOnlyList<>),
        ["Collection"] = typeof(System.Collections.ObjectModel.Collection<>),
        ["HashSet"] = typeof(HashSet<>),
        ["ISet"] = typeof(ISet<>),
    };

    /// <summary>Registers an alias (last registration of a type wins for writing).</summary>
    public static void Add(string alias, Type type)
    {
        ByAlias[alias] = type;
        ByType[type] = alias;
    }

    /// <summary>The alias written to JSON for a CLR type.</summary>
    public static string GetAlias(Type type)
    {
        if (ByType.TryGetValue(type, out var alias)) return alias;
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null) return GetAlias(underlying);
        if (type.IsArray) return GetAlias(type.GetElementType()!) + "[]";
        if (type.IsEnum && ByAlias.TryAdd(type.Name, type))
        {
            // Enums are written by their short name, as Elsa does (SwitchMode, FlowJoinMode).
            ByType[type] = type.Name;
            return type.Name;
        }

        if (type.IsGenericType && type.GetGenericArguments() is [var item])
        {
            // Elsa writes collection interfaces as List<Alias> and sets as HashSet<Alias>.
            var definition = type.GetGenericTypeDefinition();
            if (definition == typeof(ISet<>) || definition == typeof(HashSet<>)) return $"HashSet<{GetAlias(item)}>";
            if (GenericCollections.ContainsValue(definition)) return $"List<{GetAlias(item)}>";
        }

        return type.FullName ?? type.Name;
    }

    /// <summary>Resolves an alias, array alias or CLR type name; unknown names resolve to <see cref="object"/>.</summary>
    public static Type Resolve(string? alias) => TryResolve(alias, out var type) ? type : typeof(object);

    /// <summary>Resolves an alias, array alias or CLR type name.</summary>
    public static bool TryResolve(string? alias, out Type type)
    {
        type = typeof(object);
        if (string.IsNullOrWhiteSpace(alias)) return false;
        if (ByAlias.TryGetValue(alias, out var found))
        {
            type = found;
            return true;
        }

        if (alias.EndsWith("[]", StringComparison.Ordinal) && TryResolve(alias[..^2], out var element))
        {
            type = element.MakeArrayType();
            ByAlias[alias] = type;
            return true;
        }

        if (alias.EndsWith('?') && TryResolve(alias[..^1], out var underlying) && underlying.IsValueType)
        {
            type = typeof(Nullable<>).MakeGenericType(underlying);
            ByAlias[alias] = type;
            return true;
        }

        var open = alias.IndexOf('<', StringComparison.Ordinal);
        if (open > 0 && alias.EndsWith('>') && GenericCollections.TryGetValue(alias[..open].Trim(), out var collection)
            && TryResolve(alias[(open + 1)..^1].Trim(), out var itemType))
        {
            type = collection.MakeGenericType(itemType);
            ByAlias[alias] = type;
            return true;
        }

        var clr = Type.GetType(alias, throwOnError: false);
        if (clr is null) return false;
        type = clr;
        return true;
    }
}
