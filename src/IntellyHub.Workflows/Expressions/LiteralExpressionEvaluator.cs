using System.Text.Json;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Expressions;

/// <summary>
/// Literal values. Studio sends literals as strings whatever the input type (<c>"5"</c> for an Int32):
/// they are converted by the input's type.
/// </summary>
public sealed class LiteralExpressionEvaluator : IExpressionEvaluator
{
    public string Syntax => ExpressionSyntax.Literal;

    public ExpressionDescriptor Descriptor { get; } = new(ExpressionSyntax.Literal, "Literal", IsBrowsable: false);

    public ValueTask<object?> EvaluateAsync(Expression expression, Type targetType, ActivityExecutionContext context) =>
        new(Convert(expression, targetType));

    internal static object? Convert(Expression expression, Type targetType)
    {
        try
        {
            return ValueConverter.Convert(expression.Value, targetType);
        }
        catch (Exception exception) when (exception is FormatException or InvalidCastException or OverflowException or JsonException or ArgumentException)
        {
            throw new ExpressionException($"'{expression.ValueAsText()}' is not a valid {TypeAliases.GetAlias(targetType)}.", exception);
        }
    }

    public IReadOnlyList<string> Validate(Expression expression) => [];
}
