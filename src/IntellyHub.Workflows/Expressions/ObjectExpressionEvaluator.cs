using System.Text.Json;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Expressions;

/// <summary>A JSON value (object, array or scalar) deserialized to the input's type. Handles the <c>Object</c> and <c>Json</c> syntaxes.</summary>
public sealed class ObjectExpressionEvaluator(string syntax) : IExpressionEvaluator
{
    public ObjectExpressionEvaluator() : this(ExpressionSyntax.Object) { }

    public string Syntax { get; } = syntax;

    public ExpressionDescriptor Descriptor => new(Syntax, Syntax, IsBrowsable: false, new Dictionary<string, object> { ["MonacoLanguage"] = "json" });

    public ValueTask<object?> EvaluateAsync(Expression expression, Type targetType, ActivityExecutionContext context)
    {
        if (expression.Value is string text)
        {
            if (string.IsNullOrWhiteSpace(text)) return new((object?)null);
            // Parsed once per expression: a detached JsonElement is immutable, and every conversion of it makes new values.
            if (expression.Derived is JsonElement parsed) return new(parsed);
            JsonElement element;
            try
            {
                using var document = JsonDocument.Parse(text);
                element = document.RootElement.Clone();
            }
            catch (JsonException exception)
            {
                throw new ExpressionException($"The {Syntax} expression is not valid JSON: {exception.Message}", exception);
            }

            // Valid JSON of the wrong shape for the target is reported by the caller as a conversion error.
            expression.Derived = element;
            return new(element);
        }

        return new(expression.Value);
    }

    public IReadOnlyList<string> Validate(Expression expression)
    {
        if (expression.Value is not string text || string.IsNullOrWhiteSpace(text)) return [];
        try
        {
            using var _ = JsonDocument.Parse(text);
            return [];
        }
        catch (JsonException exception)
        {
            return [$"Invalid JSON: {exception.Message}"];
        }
    }
}
