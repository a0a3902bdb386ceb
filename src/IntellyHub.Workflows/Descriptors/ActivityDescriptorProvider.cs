using System.Collections;
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Expressions;

namespace IntellyHub.Workflows.Descriptors;

/// <summary>
/// Generates Elsa Studio activity descriptors from activity classes: inputs with their UI hints, types,
/// defaults and options; outputs; flow and embedded ports; kind. Descriptors are built once per type.
/// </summary>
public sealed class ActivityDescriptorProvider(ActivityRegistry registry, ExpressionEvaluator expressions)
{
    private readonly ConcurrentDictionary<Type, ActivityDescriptor> _cache = new();

    /// <summary>Descriptors of every registered activity type.</summary>
    public IReadOnlyList<ActivityDescriptor> GetDescriptors() =>
        registry.Types.Select(Describe).OrderBy(d => d.Category, StringComparer.Ordinal).ThenBy(d => d.DisplayName, StringComparer.Ordinal).ToList();

    /// <summary>The descriptor of one type, or null when it is not registered.</summary>
    public ActivityDescriptor? Find(string typeName, int? version = null) => registry.Find(typeName, version) is { } info ? Describe(info) : null;

    /// <summary>Descriptors of the expression syntaxes Studio offers.</summary>
    public IReadOnlyList<ExpressionDescriptor> GetExpressionDescriptors() =>
        expressions.Evaluators.Select(e => e.Descriptor).ToList();

    /// <summary>
    /// A placeholder for a stored activity whose type is not installed, so the designer still draws
    /// (and keeps) the node instead of dropping it.
    /// </summary>
    public static ActivityDescriptor CreatePlaceholder(string typeName, int version) => new()
    {
        TypeName = typeName,
        Namespace = typeName.Contains('.', StringComparison.Ordinal) ? typeName[..typeName.LastIndexOf('.')] : "",
        Name = typeName[(typeName.LastIndexOf('.') + 1)..],
        Version = version,
        Category = "Not installed",
        DisplayName = $"{typeName} (not installed)",
        Description = "This activity type is not installed on the server. The node is kept as it is.",
        IsBrowsable = false,
        Ports = [new PortDescriptor("Done", "Done", "Flow")],
    };

    /// <summary>Describes an activity type.</summary>
    public ActivityDescriptor Describe(ActivityTypeInfo info) => _cache.GetOrAdd(info.ClrType, _ => Build(info));

    private static ActivityDescriptor Build(ActivityTypeInfo info)
    {
        var sample = info.Factory?.Invoke();
        var inputs = info.Inputs.Select((input, index) => DescribeInput(input, index, sample)).ToList();
        var outputs = info.Outputs.Select((output, index) => new OutputDescriptor
        {
            Name = output.Name,
            TypeName = TypeAliases.GetAlias(output.ValueType),
            DisplayName = output.Attribute?.DisplayName ?? ActivityTypeInfo.Humanize(output.Name),
            Description = output.Attribute?.Description,
            Order = index,
            IsBrowsable = output.Attribute?.IsBrowsable ?? true,
        }).ToList();

        var ports = new List<PortDescriptor>();
        if (!info.IsTerminal)
            ports.AddRange(info.Outcomes.Select(o => new PortDescriptor(o, o, "Flow")));
        ports.AddRange(info.Ports.Select(p => new PortDescriptor(p.Name, p.Port?.DisplayName ?? ActivityTypeInfo.Humanize(p.Name), "Embedded")));

        return new ActivityDescriptor
        {
            TypeName = info.TypeName,
            ClrType = info.ClrType.FullName,
            Namespace = info.Namespace,
            Name = info.Name,
            Version = info.Version,
            Category = info.Category,
            DisplayName = info.DisplayName,
            Description = info.Description,
            Kind = info.Kind,
            IsBrowsable = info.IsBrowsable,
            IsContainer = info.IsContainer,
            IsStart = info.IsStart,
            IsTerminal = info.IsTerminal,
            Inputs = inputs,
            Outputs = outputs,
            Ports = ports,
        };
    }

    private static InputDescriptor DescribeInput(InputDefinition input, int index, Activity? sample)
    {
        var attribute = input.Attribute;
        var uiHint = attribute?.UIHint ?? DefaultUIHint(input.ValueType);
        var valueType = Nullable.GetUnderlyingType(input.ValueType) ?? input.ValueType;
        var options = attribute?.Options ?? (valueType.IsEnum ? Enum.GetNames(valueType) : null);
        JsonObject? specifications = null;
        if (options is not null && uiHint is InputUIHints.Dropdown or InputUIHints.RadioList or InputUIHints.CheckList)
        {
            var items = new JsonArray(options.Select(o => (JsonNode)new JsonObject { ["text"] = ActivityTypeInfo.Humanize(o), ["value"] = o }).ToArray());
            specifications = new JsonObject
            {
                [uiHint] = new JsonObject { ["selectList"] = new JsonObject { ["items"] = items, ["isFlagsEnum"] = false } },
            };
        }

        return new InputDescriptor
        {
            Name = input.Name,
            TypeName = input.IsWrapped ? TypeAliases.GetAlias(input.ValueType) : TypeAliases.GetAlias(input.Property.PropertyType),
            DisplayName = attribute?.DisplayName ?? ActivityTypeInfo.Humanize(input.Name),
            Description = attribute?.Description,
            Order = attribute?.Order is > 0 ? attribute.Order : index,
            IsBrowsable = attribute?.IsBrowsable ?? true,
            IsWrapped = input.IsWrapped,
            UiHint = uiHint,
            Category = attribute?.Category,
            DefaultValue = attribute?.DefaultValue is { } d ? (d is Enum ? d.ToString() : d) : DefaultFrom(sample, input),
            DefaultSyntax = attribute?.DefaultSyntax ?? (input.IsWrapped ? ExpressionSyntax.Literal : null),
            AutoEvaluate = input.AutoEvaluate || !input.IsWrapped,
            IsRequired = input.IsRequired,
            IsSensitive = !input.CaptureInJournal,
            UiSpecifications = specifications,
        };
    }

    private static object? DefaultFrom(Activity? sample, InputDefinition input)
    {
        if (sample is null || !input.IsWrapped) return null;
        if (input.Getter(sample) is not Input { Expression: { Type: ExpressionSyntax.Literal, Value: { } value } }) return null;
        return value switch
        {
            Enum e => e.ToString(),
            TimeSpan t => t.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            bool or string or int or long or double or decimal => value,
            _ => ValueConverter.ToText(value),
        };
    }

    private static string DefaultUIHint(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(bool)) return InputUIHints.Checkbox;
        if (type.IsEnum) return InputUIHints.Dropdown;
        if (type == typeof(Variable)) return InputUIHints.VariablePicker;
        if (type == typeof(string) || type.IsPrimitive || type == typeof(TimeSpan) || type == typeof(decimal) || type == typeof(object)) return InputUIHints.SingleLine;
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset)) return InputUIHints.DateTimePicker;
        if (typeof(IDictionary).IsAssignableFrom(type) || type.GetInterfaces().Append(type).Any(i => i.IsGenericType
                && (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))))
            return InputUIHints.JsonEditor;
        if (typeof(IEnumerable).IsAssignableFrom(type)) return InputUIHints.MultiText;
        return InputUIHints.JsonEditor;
    }
}
