using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using LinqExpression = System.Linq.Expressions.Expression;

namespace IntellyHub.Workflows.Activities;

/// <summary>
/// What the engine knows about an activity class: its stable type name, inputs, outputs, ports and
/// outcomes. Read once per class by reflection and cached.
/// </summary>
public sealed class ActivityTypeInfo
{
    private static readonly ConcurrentDictionary<Type, ActivityTypeInfo> Cache = new();

    private ActivityTypeInfo(Type type)
    {
        ClrType = type;
        var attribute = type.GetCustomAttribute<ActivityAttribute>(inherit: false);
        TypeName = attribute?.TypeName ?? type.FullName ?? type.Name;
        Version = attribute?.Version ?? 1;
        Namespace = TypeName.Contains('.', StringComparison.Ordinal) ? TypeName[..TypeName.LastIndexOf('.')] : "";
        Name = TypeName[(TypeName.LastIndexOf('.') + 1)..];
        Category = attribute?.Category ?? "Miscellaneous";
        DisplayName = attribute?.DisplayName ?? Humanize(Name);
        Description = attribute?.Description;
        Kind = attribute?.Kind ?? ActivityKind.Action;
        IsBrowsable = attribute?.IsBrowsable ?? true;
        IsStart = typeof(IStartNode).IsAssignableFrom(type);
        IsTerminal = typeof(ITerminalNode).IsAssignableFrom(type);
        IsJoin = typeof(IJoinNode).IsAssignableFrom(type);
        IsContainer = typeof(IContainerActivity).IsAssignableFrom(type);
        Outcomes = FindOutcomes(type, out var dynamicOutcomes);
        HasDynamicOutcomes = dynamicOutcomes;

        var inputs = new List<InputDefinition>();
        var outputs = new List<OutputDefinition>();
        var children = new List<ChildPropertyDefinition>();
        var others = new List<PropertyDefinition>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.DeclaringType == typeof(Activity) || property.GetIndexParameters().Length > 0 || !property.CanRead) continue;
            var inputAttribute = property.GetCustomAttribute<InputAttribute>();
            var propertyType = property.PropertyType;
            if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(Input<>))
                inputs.Add(new InputDefinition(property, propertyType.GetGenericArguments()[0], isWrapped: true, inputAttribute, inputs.Count));
            else if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(Output<>))
                outputs.Add(new OutputDefinition(property, propertyType.GetGenericArguments()[0], property.GetCustomAttribute<OutputAttribute>()));
            else if (typeof(Activity).IsAssignableFrom(propertyType) || typeof(IEnumerable<Activity>).IsAssignableFrom(propertyType))
                children.Add(new ChildPropertyDefinition(property, property.GetCustomAttribute<PortAttribute>()));
            else if (inputAttribute is not null)
                inputs.Add(new InputDefinition(property, propertyType, isWrapped: false, inputAttribute, inputs.Count));
            else if (property.CanWrite)
                others.Add(new PropertyDefinition(property));
        }

        Inputs = inputs;
        Outputs = outputs;
        ChildProperties = children;
        Ports = children.Where(c => c.Port is not null).ToList();
        OtherProperties = others;
        HasJournalCapturedInputs = inputs.Any(i => i.CaptureInJournal);
        _constructible = !type.IsAbstract && type.GetConstructor(System.Type.EmptyTypes) is not null;
    }

    private readonly bool _constructible;
    private Func<Activity>? _factory;

    /// <summary>The cached metadata of an activity class.</summary>
    public static ActivityTypeInfo Of(Type type) => Cache.GetOrAdd(type, static t => new ActivityTypeInfo(t));

    public Type ClrType { get; }
    public string TypeName { get; }
    public int Version { get; }
    public string Namespace { get; }
    public string Name { get; }
    public string Category { get; }
    public string DisplayName { get; }
    public string? Description { get; }
    public ActivityKind Kind { get; }
    public bool IsBrowsable { get; }
    public bool IsStart { get; }
    public bool IsTerminal { get; }
    public bool IsJoin { get; }
    public bool IsContainer { get; }

    /// <summary>Flowchart outcomes from <see cref="FlowNodeAttribute"/>; <c>Done</c> when none is declared.</summary>
    public IReadOnlyList<string> Outcomes { get; }

    /// <summary>True when the activity also completes with outcomes named by its inputs (<see cref="FlowNodeAttribute.HasDynamicOutcomes"/>).</summary>
    public bool HasDynamicOutcomes { get; }

    public IReadOnlyList<InputDefinition> Inputs { get; }
    public IReadOnlyList<OutputDefinition> Outputs { get; }

    /// <summary>Properties that hold child activities.</summary>
    public IReadOnlyList<ChildPropertyDefinition> ChildProperties { get; }

    /// <summary>Child properties shown as embedded ports in the designer.</summary>
    public IReadOnlyList<ChildPropertyDefinition> Ports { get; }

    /// <summary>Other public settable properties, serialized as plain JSON.</summary>
    public IReadOnlyList<PropertyDefinition> OtherProperties { get; }

    internal bool HasJournalCapturedInputs { get; }

    /// <summary>Creates an instance (null for classes without a parameterless constructor).</summary>
    public Func<Activity>? Factory => _constructible ? _factory ??= LinqExpression.Lambda<Func<Activity>>(LinqExpression.New(ClrType)).Compile() : null;

    /// <summary>Finds an input by its property name (case-insensitive).</summary>
    public InputDefinition? FindInput(string name) =>
        Inputs.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Finds an output by its property name (case-insensitive).</summary>
    public OutputDefinition? FindOutput(string name) =>
        Outputs.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase));

    private static IReadOnlyList<string> FindOutcomes(Type type, out bool dynamicOutcomes)
    {
        dynamicOutcomes = false;
        for (var t = type; t is not null && t != typeof(Activity); t = t.BaseType)
        {
            var flowNode = t.GetCustomAttribute<FlowNodeAttribute>(inherit: false);
            if (flowNode is null) continue;
            dynamicOutcomes = flowNode.HasDynamicOutcomes;
            return flowNode.Outcomes;
        }

        return typeof(ITerminalNode).IsAssignableFrom(type) ? [] : [Execution.Outcomes.Done];
    }

    internal static string Humanize(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c) && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
                builder.Append(' ');
            builder.Append(c);
        }

        return builder.ToString();
    }

    internal static Func<Activity, object?> CompileGetter(PropertyInfo property)
    {
        var instance = LinqExpression.Parameter(typeof(Activity));
        var body = LinqExpression.Convert(LinqExpression.Property(LinqExpression.Convert(instance, property.DeclaringType!), property), typeof(object));
        return LinqExpression.Lambda<Func<Activity, object?>>(body, instance).Compile();
    }

    internal static Action<Activity, object?>? CompileSetter(PropertyInfo property)
    {
        if (property.SetMethod is not { IsPublic: true }) return null;
        var instance = LinqExpression.Parameter(typeof(Activity));
        var value = LinqExpression.Parameter(typeof(object));
        var body = LinqExpression.Assign(
            LinqExpression.Property(LinqExpression.Convert(instance, property.DeclaringType!), property),
            LinqExpression.Convert(value, property.PropertyType));
        return LinqExpression.Lambda<Action<Activity, object?>>(body, instance, value).Compile();
    }

    internal static string CamelCase(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}

/// <summary>A property of an activity class.</summary>
public class PropertyDefinition
{
    internal PropertyDefinition(PropertyInfo property)
    {
        Property = property;
        Name = property.Name;
        JsonName = ActivityTypeInfo.CamelCase(property.Name);
    }

    // The accessors are compiled on first use, not when the class is registered: a host registers every activity
    // class at start, and compiling a few hundred expression trees then would lengthen every start.
    private static readonly Action<Activity, object?> NoSetter = static (_, _) => { };
    private Func<Activity, object?>? _getter;
    private Action<Activity, object?>? _setter;

    public PropertyInfo Property { get; }

    /// <summary>The C# property name (PascalCase), also the descriptor's input name.</summary>
    public string Name { get; }

    /// <summary>The JSON property name (camelCase).</summary>
    public string JsonName { get; }

    public Func<Activity, object?> Getter => _getter ??= ActivityTypeInfo.CompileGetter(Property);

    /// <summary>Sets the property; null when it has no public setter.</summary>
    public Action<Activity, object?>? Setter
    {
        get
        {
            var setter = _setter ??= ActivityTypeInfo.CompileSetter(Property) ?? NoSetter;
            return ReferenceEquals(setter, NoSetter) ? null : setter;
        }
    }
}

/// <summary>An input of an activity class.</summary>
public sealed class InputDefinition : PropertyDefinition
{
    internal InputDefinition(PropertyInfo property, Type valueType, bool isWrapped, InputAttribute? attribute, int index) : base(property)
    {
        ValueType = valueType;
        IsWrapped = isWrapped;
        Attribute = attribute;
        Index = index;
        DefaultValue = valueType.IsValueType ? Activator.CreateInstance(valueType) : null;
    }

    /// <summary>The value an absent input evaluates to (boxed once).</summary>
    internal object? DefaultValue { get; }

    /// <summary>The value type (<c>T</c> of <c>Input&lt;T&gt;</c>, or the property type when not wrapped).</summary>
    public Type ValueType { get; }

    /// <summary>True for <c>Input&lt;T&gt;</c> (stored as an expression); false for plain values.</summary>
    public bool IsWrapped { get; }

    public InputAttribute? Attribute { get; }

    /// <summary>Position among the class's inputs.</summary>
    public int Index { get; }

    public bool AutoEvaluate => IsWrapped && (Attribute?.AutoEvaluate ?? true);
    public bool CaptureInJournal => Attribute?.CaptureInJournal ?? true;
    public bool IsRequired => Attribute?.IsRequired ?? false;
}

/// <summary>An output of an activity class.</summary>
public sealed class OutputDefinition : PropertyDefinition
{
    internal OutputDefinition(PropertyInfo property, Type valueType, OutputAttribute? attribute) : base(property)
    {
        ValueType = valueType;
        Attribute = attribute;
    }

    public Type ValueType { get; }
    public OutputAttribute? Attribute { get; }
}

/// <summary>A property holding one child activity or a collection of them.</summary>
public sealed class ChildPropertyDefinition : PropertyDefinition
{
    internal ChildPropertyDefinition(PropertyInfo property, PortAttribute? port) : base(property)
    {
        Port = port;
        IsCollection = !typeof(Activity).IsAssignableFrom(property.PropertyType);
    }

    /// <summary>Set when the property is an embedded port in the designer.</summary>
    public PortAttribute? Port { get; }

    public bool IsCollection { get; }
}
