using IntellyHub.Workflows.Expressions;

namespace IntellyHub.Workflows.Activities;

/// <summary>
/// An activity input: an expression evaluated when the activity runs, converted to the input's type.
/// </summary>
public abstract class Input
{
    private protected Input(Expression expression, Type valueType, string? typeName)
    {
        Expression = expression;
        ValueType = valueType;
        TypeName = typeName ?? TypeAliases.GetAlias(valueType);
    }

    /// <summary>The expression that produces the value.</summary>
    public Expression Expression { get; }

    /// <summary>The CLR type the value is converted to.</summary>
    public Type ValueType { get; }

    /// <summary>The type name stored in JSON (<c>String</c>, <c>Int32</c>…).</summary>
    public string TypeName { get; }

    /// <summary>Optional memory reference carried through from the JSON (Elsa writes it, usually null).</summary>
    public string? MemoryReferenceId { get; init; }

    /// <summary>JSON properties of the wrapped input besides <c>typeName</c> and <c>expression</c>, written back unchanged.</summary>
    public System.Text.Json.Nodes.JsonObject? ExtraProperties { get; set; }

    // Literal inputs are converted once and reused: a definition's literals never change.
    internal object? ConvertedLiteral;
    internal bool HasConvertedLiteral;

    /// <summary>Creates an input of the given value type from an expression (used by the serializer).</summary>
    public static Input Create(Type valueType, Expression expression, string? typeName = null, string? memoryReferenceId = null)
    {
        var inputType = typeof(Input<>).MakeGenericType(valueType);
        var input = (Input)Activator.CreateInstance(inputType, expression, typeName)!;
        return memoryReferenceId is null ? input : input.WithMemoryReference(memoryReferenceId);
    }

    private protected abstract Input WithMemoryReference(string memoryReferenceId);
}

/// <summary>A typed activity input.</summary>
/// <typeparam name="T">The value type the expression's result is converted to.</typeparam>
public sealed class Input<T> : Input
{
    /// <summary>An input with a literal value.</summary>
    public Input(T value) : base(Expressions.Expression.Literal(value), typeof(T), null) { }

    /// <summary>An input with an expression; <paramref name="typeName"/> overrides the type name written to JSON.</summary>
    public Input(Expression expression, string? typeName = null) : base(expression, typeof(T), typeName) { }

    /// <summary>An input that reads a workflow variable.</summary>
    public Input(Variable variable) : base(Expressions.Expression.Variable(variable.Name), typeof(T), null) { }

    /// <summary>A JavaScript input.</summary>
    public static Input<T> JavaScript(string script) => new(Expressions.Expression.JavaScript(script));

    /// <summary>A Liquid input.</summary>
    public static Input<T> Liquid(string template) => new(Expressions.Expression.Liquid(template));

    private protected override Input WithMemoryReference(string memoryReferenceId) =>
        new Input<T>(Expression, TypeName) { MemoryReferenceId = memoryReferenceId };
}
