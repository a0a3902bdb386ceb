using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Expressions;
using IntellyHub.Workflows.Flow;

namespace IntellyHub.Workflows.Serialization;

/// <summary>The outcome of reading a definition: the definition (null when the document is unusable) and the problems found.</summary>
public sealed record WorkflowReadResult(WorkflowDefinition? Definition, IReadOnlyList<WorkflowProblem> Problems);

/// <summary>A definition document that cannot be read.</summary>
public sealed class WorkflowDefinitionException(IReadOnlyList<WorkflowProblem> problems)
    : Exception(string.Join("; ", problems.Select(p => p.ToString())))
{
    public IReadOnlyList<WorkflowProblem> Problems { get; } = problems;
}

/// <summary>
/// Reads and writes Elsa 3 workflow definition JSON: the root activity tree with wrapped inputs
/// (<c>{typeName, expression:{type, value}}</c>), outputs bound to variables (<c>memoryReference</c>),
/// flowchart connections between ports, variables and definition metadata. Properties it does not
/// model are kept and written back; an activity of an unknown type is kept whole as an
/// <see cref="UnknownActivity"/> and reported.
/// </summary>
public sealed class WorkflowDefinitionSerializer(ActivityRegistry registry)
{
    private static readonly HashSet<string> BaseProperties = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "nodeId", "name", "type", "version", "metadata", "customProperties",
    };

    private static readonly JsonSerializerOptions WriteOptions = new(JsonSerializerDefaults.Web);
    private static readonly JsonSerializerOptions IndentedOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Reads a definition; malformed JSON is reported with its line and column.</summary>
    public WorkflowReadResult Read(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException exception)
        {
            return new WorkflowReadResult(null, [new WorkflowProblem(WorkflowProblemCodes.InvalidJson,
                $"Malformed JSON: {FirstSentence(exception.Message)}", Line: (exception.LineNumber ?? 0) + 1, Column: (exception.BytePositionInLine ?? 0) + 1)]);
        }

        if (node is not JsonObject document)
            return new WorkflowReadResult(null, [new WorkflowProblem(WorkflowProblemCodes.InvalidDocument, "The document is not a JSON object.")]);
        return Read(document);
    }

    /// <summary>Reads a definition from a parsed document (the document is not modified).</summary>
    public WorkflowReadResult Read(JsonObject document)
    {
        var context = new ReadContext();
        document = (JsonObject)document.DeepClone();
        JsonObject? rootJson;
        if (document["root"] is JsonObject root)
        {
            rootJson = root;
            document.Remove("root");
        }
        else if (document["type"] is JsonValue)
        {
            rootJson = document;
            document = [];
        }
        else
        {
            return new WorkflowReadResult(null, [new WorkflowProblem(WorkflowProblemCodes.InvalidDocument, "The document has no \"root\" activity.")]);
        }

        List<Variable> variables = [];
        if (document["variables"] is JsonArray variablesJson)
        {
            variables = ReadVariables(variablesJson, context);
            document.Remove("variables");
        }
        // A null "variables" (Studio's create request) stays in the document and is written back as null while none are added.

        var activity = ReadActivity(rootJson, context);
        var definition = new WorkflowDefinition(activity, variables, document);
        _ = definition.ToWorkflow().Graph; // assigns missing ids and every node id
        return new WorkflowReadResult(definition, context.Problems);
    }

    /// <summary>Reads a definition; throws <see cref="WorkflowDefinitionException"/> when the document is unusable.</summary>
    public WorkflowDefinition Parse(string json)
    {
        var result = Read(json);
        return result.Definition ?? throw new WorkflowDefinitionException(result.Problems);
    }

    /// <summary>Writes a definition as a JSON document.</summary>
    public JsonObject Write(WorkflowDefinition definition)
    {
        var document = (JsonObject)definition.Document.DeepClone();
        if (definition.Variables.Count > 0 || document["variables"] is not null || !document.ContainsKey("variables"))
            document["variables"] = WriteVariables(definition.Variables);
        document["root"] = WriteActivity(definition.Root);
        return document;
    }

    /// <summary>Writes a definition as JSON text.</summary>
    public string Serialize(WorkflowDefinition definition, bool indented = false) =>
        Write(definition).ToJsonString(indented ? IndentedOptions : WriteOptions);

    // ---- activities ---------------------------------------------------------------------------

    /// <summary>Reads one activity (and its children).</summary>
    public Activity ReadActivity(JsonObject json) => ReadActivity(json, new ReadContext());

    private Activity ReadActivity(JsonObject json, ReadContext context)
    {
        var typeName = GetString(json, "type");
        var version = json["version"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : (int?)null;
        var id = GetString(json, "id");
        var info = typeName is null ? null : registry.Find(typeName, version);
        if (info?.Factory is null || info.ClrType == typeof(UnknownActivity))
        {
            context.Problems.Add(new WorkflowProblem(WorkflowProblemCodes.UnknownActivityType,
                typeName is null ? "The activity has no type." : $"Unknown activity type '{typeName}'" + (version is { } ver ? $" (version {ver})." : "."), id));
            return new UnknownActivity((JsonObject)json.DeepClone()) { Id = id ?? "", NodeId = GetString(json, "nodeId") ?? "", Name = GetString(json, "name") };
        }

        var activity = info.Factory();
        activity.Id = id ?? "";
        activity.NodeId = GetString(json, "nodeId") ?? "";
        activity.Name = GetString(json, "name");
        activity.Metadata = json["metadata"] is JsonObject metadata ? (JsonObject)metadata.DeepClone() : null;
        activity.CustomProperties = json["customProperties"] is JsonObject custom ? (JsonObject)custom.DeepClone() : null;

        JsonObject? extras = null;
        foreach (var (key, value) in json)
        {
            if (BaseProperties.Contains(key)) continue;
            if (!TryReadProperty(activity, info, key, value, context))
                (extras ??= [])[key] = value?.DeepClone();
        }

        activity.ExtraProperties = extras;
        return activity;
    }

    private bool TryReadProperty(Activity activity, ActivityTypeInfo info, string key, JsonNode? value, ReadContext context)
    {
        foreach (var input in info.Inputs)
        {
            if (!input.JsonName.Equals(key, StringComparison.OrdinalIgnoreCase)) continue;
            if (value is null || input.Setter is null) return false;
            try
            {
                input.Setter(activity, input.IsWrapped ? ReadInput(value, input.ValueType) : ReadValue(value, input.Property.PropertyType, context));
                return true;
            }
            catch (Exception exception) when (exception is FormatException or JsonException or InvalidOperationException or InvalidCastException or ArgumentException or OverflowException)
            {
                context.Problems.Add(new WorkflowProblem(WorkflowProblemCodes.InvalidValue, $"Input '{input.Name}' has an invalid value: {exception.Message}", activity.Id));
                return false;
            }
        }

        foreach (var output in info.Outputs)
        {
            if (!output.JsonName.Equals(key, StringComparison.OrdinalIgnoreCase)) continue;
            if (value is not JsonObject outputJson || output.Setter is null) return false;
            output.Setter(activity, ReadOutput(outputJson, output.ValueType));
            return true;
        }

        foreach (var child in info.ChildProperties)
        {
            if (!child.JsonName.Equals(key, StringComparison.OrdinalIgnoreCase)) continue;
            if (value is null || child.Setter is null) return false;
            child.Setter(activity, ReadValue(value, child.Property.PropertyType, context));
            return true;
        }

        foreach (var other in info.OtherProperties)
        {
            if (!other.JsonName.Equals(key, StringComparison.OrdinalIgnoreCase)) continue;
            if (value is null || other.Setter is null) return false;
            other.Setter(activity, ReadValue(value, other.Property.PropertyType, context));
            return true;
        }

        return false;
    }

    /// <summary>Writes one activity (and its children).</summary>
    public JsonObject WriteActivity(Activity activity)
    {
        if (activity is UnknownActivity unknown)
        {
            var copy = (JsonObject)unknown.Json.DeepClone();
            if (unknown.Id.Length > 0 && copy["id"] is null) copy["id"] = unknown.Id;
            if (unknown.NodeId.Length > 0) copy["nodeId"] = unknown.NodeId;
            return copy;
        }

        var json = new JsonObject
        {
            ["id"] = activity.Id,
            ["nodeId"] = activity.NodeId,
        };
        if (activity.Name is not null) json["name"] = activity.Name;
        json["type"] = activity.Type;
        json["version"] = activity.Version;
        if (activity.CustomProperties is not null) json["customProperties"] = activity.CustomProperties.DeepClone();
        if (activity.Metadata is not null) json["metadata"] = activity.Metadata.DeepClone();

        var info = activity.TypeInfo;
        foreach (var input in info.Inputs)
        {
            var value = input.Getter(activity);
            if (value is null) continue;
            json[input.JsonName] = input.IsWrapped ? WriteInput((Input)value) : WriteValue(value, input.Property.PropertyType);
        }

        foreach (var output in info.Outputs)
        {
            if (output.Getter(activity) is Output value && (value.MemoryReferenceId is not null || value.ExtraProperties is not null))
                json[output.JsonName] = WriteOutput(value);
        }

        foreach (var child in info.ChildProperties)
        {
            var value = child.Getter(activity);
            if (value is not null) json[child.JsonName] = WriteValue(value, child.Property.PropertyType);
        }

        foreach (var other in info.OtherProperties)
        {
            var value = other.Getter(activity);
            if (value is not null) json[other.JsonName] = WriteValue(value, other.Property.PropertyType);
        }

        if (activity.ExtraProperties is not null)
            foreach (var (key, value) in activity.ExtraProperties)
                if (!json.ContainsKey(key)) json[key] = value?.DeepClone();
        return json;
    }

    // ---- inputs, outputs, expressions ---------------------------------------------------------

    private static Input ReadInput(JsonNode value, Type valueType)
    {
        if (value is not JsonObject wrapped)
            return Input.Create(valueType, new Expression(ExpressionSyntax.Literal, ToExpressionValue(value)));

        var typeName = GetString(wrapped, "typeName");
        var expression = wrapped["expression"] is JsonObject expressionJson
            ? ReadExpression(expressionJson)
            : new Expression(ExpressionSyntax.Literal, null);
        string? memoryReferenceId = wrapped["memoryReference"] is JsonObject reference ? GetString(reference, "id") : null;
        var input = Input.Create(valueType, expression, typeName, memoryReferenceId);
        JsonObject? extras = null;
        foreach (var (key, node) in wrapped)
        {
            if (key is "typeName" or "expression") continue;
            (extras ??= [])[key] = node?.DeepClone();
        }

        input.ExtraProperties = extras;
        return input;
    }

    private static JsonObject WriteInput(Input input)
    {
        var json = new JsonObject
        {
            ["typeName"] = input.TypeName,
            ["expression"] = WriteExpression(input.Expression),
        };
        if (input.ExtraProperties is not null)
        {
            foreach (var (key, value) in input.ExtraProperties) json[key] = value?.DeepClone();
        }
        else if (input.MemoryReferenceId is { } reference)
        {
            json["memoryReference"] = new JsonObject { ["id"] = reference };
        }

        return json;
    }

    private static Output ReadOutput(JsonObject json, Type valueType)
    {
        var reference = json["memoryReference"] is JsonObject memory ? GetString(memory, "id") : null;
        var output = Output.Create(valueType, reference, GetString(json, "typeName"));
        JsonObject? extras = null;
        foreach (var (key, node) in json)
        {
            // An unbound output ("memoryReference": null) is kept as it was written.
            if (key is "typeName" || (key is "memoryReference" && reference is not null)) continue;
            (extras ??= [])[key] = node?.DeepClone();
        }

        output.ExtraProperties = extras;
        return output;
    }

    private static JsonObject WriteOutput(Output output)
    {
        var json = new JsonObject
        {
            ["typeName"] = output.TypeName,
            ["memoryReference"] = output.MemoryReferenceId is { } id ? new JsonObject { ["id"] = id } : null,
        };
        if (output.ExtraProperties is not null)
            foreach (var (key, value) in output.ExtraProperties) json[key] = value?.DeepClone();
        return json;
    }

    private static Expression ReadExpression(JsonObject json) =>
        new(GetString(json, "type") ?? ExpressionSyntax.Literal, ToExpressionValue(json["value"]));

    // Strings become CLR strings; the explicit object casts stop C# from converting them back to JsonNode.
    private static object? ToExpressionValue(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => (object)s,
        _ => (object)node.DeepClone(),
    };

    private static JsonObject WriteExpression(Expression expression) => new()
    {
        ["type"] = expression.Type,
        ["value"] = expression.Value switch
        {
            null => null,
            JsonNode node => node.DeepClone(),
            string s => s,
            var other => JsonSerializer.SerializeToNode(other, WriteOptions),
        },
    };

    // ---- variables and connections ------------------------------------------------------------

    private static List<Variable> ReadVariables(JsonArray json, ReadContext context) =>
        json.OfType<JsonObject>().Select(v => ReadVariable(v, context)).ToList();

    private static Variable ReadVariable(JsonObject json, ReadContext context)
    {
        var id = GetString(json, "id");
        var name = GetString(json, "name") ?? id ?? "";
        var variable = new Variable(id ?? IdGenerator.NewId(), name, GetString(json, "typeName") ?? "Object", ToExpressionValue(json["value"]))
        {
            IsArray = json["isArray"] is JsonValue a && a.TryGetValue<bool>(out var isArray) && isArray,
            StorageDriverTypeName = GetString(json, "storageDriverTypeName"),
        };
        JsonObject? extras = null;
        foreach (var (key, node) in json)
        {
            if (key is "id" or "name" or "typeName" or "value" or "storageDriverTypeName") continue;
            if (key == "isArray" && node is JsonValue b && b.TryGetValue<bool>(out _)) continue;
            (extras ??= [])[key] = node?.DeepClone();
        }

        if (json.ContainsKey("isArray") && json["isArray"] is JsonValue) (extras ??= [])["isArray"] = null;
        if (json.ContainsKey("storageDriverTypeName") && variable.StorageDriverTypeName is null) (extras ??= [])["storageDriverTypeName"] = null;
        variable.ExtraProperties = extras;
        if (!TypeAliases.TryResolve(variable.IsArray ? variable.TypeName + "[]" : variable.TypeName, out _))
            context.Problems.Add(new WorkflowProblem(WorkflowProblemCodes.InvalidValue, $"Variable '{name}' has unknown type '{variable.TypeName}'; it is treated as Object."));
        return variable;
    }

    private static JsonArray WriteVariables(IEnumerable<Variable> variables) => new(variables.Select(v => (JsonNode)WriteVariable(v)).ToArray());

    private static JsonObject WriteVariable(Variable variable)
    {
        var json = new JsonObject
        {
            ["id"] = variable.Id,
            ["name"] = variable.Name,
            ["typeName"] = variable.TypeName,
        };
        var hadIsArray = variable.ExtraProperties?.ContainsKey("isArray") ?? false;
        if (variable.IsArray || hadIsArray) json["isArray"] = variable.IsArray;
        json["value"] = variable.Value switch
        {
            null => null,
            JsonNode node => node.DeepClone(),
            string s => s,
            var other => ValueConverter.ToText(other),
        };
        var hadDriver = variable.ExtraProperties?.ContainsKey("storageDriverTypeName") ?? false;
        if (variable.StorageDriverTypeName is not null || hadDriver) json["storageDriverTypeName"] = variable.StorageDriverTypeName;
        if (variable.ExtraProperties is not null)
            foreach (var (key, value) in variable.ExtraProperties)
                if (!json.ContainsKey(key)) json[key] = value?.DeepClone();
        return json;
    }

    private static Connection? ReadConnection(JsonObject json)
    {
        Endpoint? Read(string name, string legacyPort)
        {
            var node = json[name] ?? json[char.ToUpperInvariant(name[0]) + name[1..]];
            return node switch
            {
                JsonObject endpoint => new Endpoint(
                    GetString(endpoint, "activity") ?? GetString(endpoint, "Activity") ?? "",
                    GetString(endpoint, "port") ?? GetString(endpoint, "Port")),
                JsonValue value when value.TryGetValue<string>(out var id) => new Endpoint(id, GetString(json, legacyPort)),
                _ => null,
            };
        }

        var source = Read("source", "sourcePort");
        var target = Read("target", "targetPort");
        if (source is null || target is null) return null;
        var connection = new Connection(source, target)
        {
            Vertices = json["vertices"] is JsonArray vertices ? (JsonArray)vertices.DeepClone() : null,
        };
        JsonObject? extras = null;
        foreach (var (key, node) in json)
        {
            if (key.ToLowerInvariant() is "source" or "target" or "vertices" or "sourceport" or "targetport") continue;
            (extras ??= [])[key] = node?.DeepClone();
        }

        connection.ExtraProperties = extras;
        return connection;
    }

    private static JsonObject WriteConnection(Connection connection)
    {
        var json = new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = connection.Source.Activity, ["port"] = connection.Source.Port },
            ["target"] = new JsonObject { ["activity"] = connection.Target.Activity, ["port"] = connection.Target.Port },
        };
        if (connection.Vertices is not null) json["vertices"] = connection.Vertices.DeepClone();
        if (connection.ExtraProperties is not null)
            foreach (var (key, value) in connection.ExtraProperties) json[key] = value?.DeepClone();
        return json;
    }

    // ---- plain values (lists, nested objects such as switch cases) -----------------------------

    private object? ReadValue(JsonNode node, Type type, ReadContext context)
    {
        if (type == typeof(Expression)) return node is JsonObject e ? ReadExpression(e) : new Expression(ExpressionSyntax.Literal, ToExpressionValue(node));
        if (typeof(Activity).IsAssignableFrom(type)) return node is JsonObject a ? ReadActivity(a, context) : null;
        if (type == typeof(Variable)) return node is JsonObject v ? ReadVariable(v, context) : null;
        if (type == typeof(Connection)) return node is JsonObject c ? ReadConnection(c) : null;
        if (typeof(Input).IsAssignableFrom(type)) return ReadInput(node, type.GetGenericArguments()[0]);
        if (typeof(JsonNode).IsAssignableFrom(type)) return node.DeepClone();

        var elementType = GetListElementType(type);
        if (elementType is not null && node is JsonArray array)
        {
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType))!;
            foreach (var item in array)
            {
                if (item is null) continue;
                var value = ReadValue(item, elementType, context);
                if (value is not null) list.Add(value);
            }

            return list;
        }

        if (node is JsonObject obj && IsPlainObject(type))
        {
            var instance = Activator.CreateInstance(type)!;
            foreach (var (key, value) in obj)
            {
                var property = type.GetProperty(key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
                if (property is not { CanWrite: true } || value is null) continue;
                property.SetValue(instance, ReadValue(value, property.PropertyType, context));
            }

            return instance;
        }

        return ValueConverter.Convert(node, type);
    }

    private JsonNode? WriteValue(object? value, Type type)
    {
        switch (value)
        {
            case null:
                return null;
            case Expression expression:
                return WriteExpression(expression);
            case Activity activity:
                return WriteActivity(activity);
            case Variable variable:
                return WriteVariable(variable);
            case Connection connection:
                return WriteConnection(connection);
            case Input input:
                return WriteInput(input);
            case JsonNode node:
                return node.DeepClone();
            case string s:
                return s;
            case Enum e:
                return e.ToString();
        }

        var elementType = GetListElementType(type);
        if (elementType is not null && value is IEnumerable items)
            return new JsonArray(items.Cast<object?>().Select(item => WriteValue(item, item?.GetType() ?? elementType)).ToArray());

        var valueType = value.GetType();
        if (IsPlainObject(valueType))
        {
            var json = new JsonObject();
            foreach (var property in valueType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (!property.CanRead || property.GetIndexParameters().Length > 0) continue;
                json[JsonNamingPolicy.CamelCase.ConvertName(property.Name)] = WriteValue(property.GetValue(value), property.PropertyType);
            }

            return json;
        }

        return JsonSerializer.SerializeToNode(value, valueType, WriteOptions);
    }

    private static Type? GetListElementType(Type type)
    {
        if (type == typeof(string)) return null;
        if (type.IsArray) return type.GetElementType();
        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        if (enumerable is null) return null;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>)) return null;
        var element = enumerable.GetGenericArguments()[0];
        return element.IsGenericType && element.GetGenericTypeDefinition() == typeof(KeyValuePair<,>) ? null : element;
    }

    private static bool IsPlainObject(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type) && type.GetConstructor(Type.EmptyTypes) is not null
        && type.Namespace?.StartsWith("IntellyHub", StringComparison.Ordinal) == true;

    private static string? GetString(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    private static string FirstSentence(string message)
    {
        var index = message.IndexOf(" Path:", StringComparison.Ordinal);
        return index > 0 ? message[..index] : message;
    }

    private sealed class ReadContext
    {
        public List<WorkflowProblem> Problems { get; } = [];
    }
}
