using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Expressions;

/// <summary>
/// Evaluates any expression by handing it to the evaluator registered for its syntax, and converts
/// the result to the target type. Literal inputs are converted once and cached on the input.
/// </summary>
public sealed class ExpressionEvaluator
{
    private readonly Dictionary<string, IExpressionEvaluator> _evaluators;

    public ExpressionEvaluator(IEnumerable<IExpressionEvaluator> evaluators)
    {
        _evaluators = new Dictionary<string, IExpressionEvaluator>(StringComparer.OrdinalIgnoreCase);
        foreach (var evaluator in evaluators) _evaluators[evaluator.Syntax] = evaluator;
    }

    /// <summary>The registered syntaxes.</summary>
    public IEnumerable<IExpressionEvaluator> Evaluators => _evaluators.Values;

    /// <summary>True when a syntax has an evaluator.</summary>
    public bool IsSupported(string syntax) => _evaluators.ContainsKey(syntax);

    /// <summary>Finds the evaluator of a syntax.</summary>
    public IExpressionEvaluator? Find(string syntax) => _evaluators.GetValueOrDefault(syntax);

    /// <summary>Evaluates every auto-evaluated input of the context's activity, in declaration order.</summary>
    public ValueTask EvaluateInputsAsync(ActivityExecutionContext context)
    {
        var activity = context.Activity;
        var inputs = activity.TypeInfo.Inputs;
        var values = new object?[inputs.Count];
        context.EvaluatedInputs = values;
        for (var i = 0; i < inputs.Count; i++)
        {
            var definition = inputs[i];
            if (!definition.AutoEvaluate) continue;
            if (definition.Getter(activity) is not Input input)
            {
                values[i] = definition.DefaultValue;
                continue;
            }

            var pending = EvaluateAsync(input, context);
            if (!pending.IsCompletedSuccessfully) return EvaluateRemainingAsync(context, values, i, pending);
            values[i] = pending.Result;
        }

        return default;
    }

    private async ValueTask EvaluateRemainingAsync(ActivityExecutionContext context, object?[] values, int index, ValueTask<object?> pending)
    {
        values[index] = await pending;
        var activity = context.Activity;
        var inputs = activity.TypeInfo.Inputs;
        for (var i = index + 1; i < inputs.Count; i++)
        {
            var definition = inputs[i];
            if (!definition.AutoEvaluate) continue;
            values[i] = definition.Getter(activity) is Input input ? await EvaluateAsync(input, context) : definition.DefaultValue;
        }
    }

    /// <summary>Evaluates an input to its value type.</summary>
    public ValueTask<object?> EvaluateAsync(Input input, ActivityExecutionContext context)
    {
        var expression = input.Expression;
        if (expression.Type == ExpressionSyntax.Literal)
        {
            if (!input.HasConvertedLiteral)
            {
                input.ConvertedLiteral = LiteralExpressionEvaluator.Convert(expression, input.ValueType);
                input.HasConvertedLiteral = true;
            }

            return new ValueTask<object?>(input.ConvertedLiteral);
        }

        return EvaluateAsync(expression, input.ValueType, context);
    }

    /// <summary>Evaluates an expression to <paramref name="targetType"/>.</summary>
    public async ValueTask<object?> EvaluateAsync(Expression expression, Type targetType, ActivityExecutionContext context)
    {
        if (!_evaluators.TryGetValue(expression.Type, out var evaluator))
            throw new ExpressionException($"No evaluator for expression syntax '{expression.Type}'.");
        var value = await evaluator.EvaluateAsync(expression, targetType, context);
        try
        {
            return ValueConverter.Convert(value, targetType);
        }
        catch (Exception exception) when (exception is FormatException or InvalidCastException or OverflowException or System.Text.Json.JsonException or ArgumentException)
        {
            throw new ExpressionException($"The {expression.Type} expression returned a value that is not a {TypeAliases.GetAlias(targetType)}: {exception.Message}", exception);
        }
    }
}

/// <summary>An expression that cannot be evaluated.</summary>
public sealed class ExpressionException : Exception
{
    public ExpressionException(string message) : base(message) { }
    public ExpressionException(string message, Exception inner) : base(message, inner) { }
}
