using System.Text.Json.Nodes;

namespace IntellyHub.Workflows.Expressions;

/// <summary>
/// An expression as stored in a workflow definition: its syntax (<c>Literal</c>, <c>JavaScript</c>,
/// <c>Liquid</c>, <c>Object</c>, <c>Variable</c>…) and its value. Values read from JSON are kept as
/// strings or <see cref="JsonNode"/>s so they write back unchanged.
/// </summary>
public sealed class Expression(string type, object? value)
{
    /// <summary>The syntax name, e.g. <c>Literal</c>.</summary>
    public string Type { get; } = type;

    /// <summary>The expression text or literal value.</summary>
    public object? Value { get; } = value;

    /// <summary>
    /// What the expression's evaluator derived from <see cref="Value"/> (parsed JSON, a variable reference), kept here
    /// because an expression never changes; computed again when two threads get there first at once.
    /// </summary>
    internal object? Derived { get; set; }

    /// <summary>Literal of a CLR value.</summary>
    public static Expression Literal(object? value) => new(ExpressionSyntax.Literal, value);

    /// <summary>JavaScript (Jint) expression.</summary>
    public static Expression JavaScript(string script) => new(ExpressionSyntax.JavaScript, script);

    /// <summary>Liquid (Fluid) template.</summary>
    public static Expression Liquid(string template) => new(ExpressionSyntax.Liquid, template);

    /// <summary>Reads the workflow variable with this name or id.</summary>
    public static Expression Variable(string nameOrId) => new(ExpressionSyntax.Variable, nameOrId);

    /// <summary>JSON object or value, deserialized to the input's type.</summary>
    public static Expression Object(string json) => new(ExpressionSyntax.Object, json);

    /// <summary>The value as text: strings as they are, JSON nodes as compact JSON.</summary>
    public string? ValueAsText() => Value switch
    {
        null => null,
        string s => s,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonNode n => n.ToJsonString(),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => Value.ToString(),
    };

    /// <inheritdoc />
    public override string ToString() => $"{Type}: {ValueAsText()}";
}
