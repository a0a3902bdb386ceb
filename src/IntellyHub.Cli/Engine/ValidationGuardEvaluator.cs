using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Expressions;

namespace IntellyHub.Cli.Engine;

/// <summary>
/// Wraps an expression evaluator so that a syntax check which throws (instead of returning its
/// problems) is reported as a problem of that expression, and <c>validate</c> can still list every
/// other problem. Evaluation itself is passed through unchanged.
/// </summary>
/// <remarks>
/// Needed for JavaScript: with Jint 4 a syntax error surfaces from <c>PrepareScript</c> as
/// <c>Jint.Runtime.ScriptPreparationException</c>, which the engine's JavaScript <c>Validate</c> does not catch.
/// </remarks>
public sealed class ValidationGuardEvaluator(IExpressionEvaluator inner) : IExpressionEvaluator
{
    public string Syntax => inner.Syntax;

    public ExpressionDescriptor Descriptor => inner.Descriptor;

    public ValueTask<object?> EvaluateAsync(Expression expression, Type targetType, ActivityExecutionContext context) =>
        inner.EvaluateAsync(expression, targetType, context);

    public IReadOnlyList<string> Validate(Expression expression)
    {
        try
        {
            return inner.Validate(expression);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return [$"{Syntax} syntax error: {CliApplication.OneLine(exception.Message)}"];
        }
    }
}
