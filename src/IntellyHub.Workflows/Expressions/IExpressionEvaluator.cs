using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Expressions;

/// <summary>Evaluates expressions of one syntax.</summary>
public interface IExpressionEvaluator
{
    /// <summary>The syntax name (<c>JavaScript</c>, <c>Liquid</c>…).</summary>
    string Syntax { get; }

    /// <summary>The descriptor Elsa Studio shows for this syntax.</summary>
    ExpressionDescriptor Descriptor { get; }

    /// <summary>Evaluates <paramref name="expression"/> in the context of a running activity.</summary>
    ValueTask<object?> EvaluateAsync(Expression expression, Type targetType, ActivityExecutionContext context);

    /// <summary>Syntax problems of an expression (for validation); empty when it is fine.</summary>
    IReadOnlyList<string> Validate(Expression expression) => [];
}

/// <summary>An expression syntax as Elsa Studio lists it.</summary>
public sealed record ExpressionDescriptor(string Type, string DisplayName, bool IsBrowsable, IReadOnlyDictionary<string, object>? Properties = null)
{
    public bool IsSerializable { get; init; } = true;

    /// <summary>Editor settings (e.g. <c>MonacoLanguage</c>); never null, Studio expects an object.</summary>
    public IReadOnlyDictionary<string, object> Properties { get; init; } = Properties ?? new Dictionary<string, object>();
}
