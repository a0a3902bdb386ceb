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
        var reference = GetReference(expression) ?? throw new ExpressionException("The Variable expression names no variable.");
        if (!context.WorkflowExecutionContext.HasVariable(reference))
            throw new ExpressionException($"Variable '{reference}' is not declared.");
        return new(context.GetVariable(reference));
    }

    /// <summary>The variable id or name an expression refers to.</summary>
    public static string? GetReference(Expression expression) => expression.Value switch
    {
        string s => s,
        JsonObject o => (o["id"] ?? o["name"])?.GetValue<string>(),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => expression.ValueAsText(),
    };
}
