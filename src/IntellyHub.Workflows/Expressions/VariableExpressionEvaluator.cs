using System.Text.Json.Nodes;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Expressions;

/// <summary>
/// Reads a workflow variable. The value is the variable's name or id, or a variable object
/// (<c>{"id": …, "name": …}</c>) as Studio writes it.
/// </summary>
public sealed class VariableExpressionEvaluator : IExpressionEvaluator
{
    public string Syntax => ExpressionSyntax.Variable;

    public ExpressionDescriptor Descriptor { get; } = new(ExpressionSyntax.Variable, "Variable", IsBrowsable: true);

    public ValueTask<object?> EvaluateAsync(Expression expression, Type targetType, ActivityExecutionContext context)
    {
        var reference = expression.Derived as string ?? (string?)(expression.Derived = GetReference(expression))
            ?? throw new ExpressionException("The Variable expression names no variable.");
        if (!context.WorkflowExecutionContext.HasVariable(reference))
            throw new ExpressionException($"Variable '{reference}' is not declared.");
        return new(context.GetVariable(reference));
    }

    /// <summary>The variable id or name an expression refers to.</summary>
    public static string? GetReference(Expression expression) => expression.Value switch
    {
        null => null,
        string s when s.TrimStart().StartsWith('{') => FromJsonText(s),
        string s => s.Trim() is { Length: > 0 } name ? name : null,
        JsonObject o => FromObject(o),
        JsonValue v when v.TryGetValue<string>(out var s) => GetReference(new Expression(expression.Type, s)),
        _ => expression.ValueAsText(),
    };

    // Studio writes the variable object; older definitions carry it as JSON text.
    private static string? FromObject(JsonObject variable)
    {
        foreach (var key in (string[])["id", "name"])
            if (variable[key] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0) return text;
        return null;
    }

    private static string? FromJsonText(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject variable ? FromObject(variable) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return text;
        }
    }
}
