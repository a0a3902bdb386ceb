namespace IntellyHub.Workflows.Serialization;

/// <summary>A problem found in a workflow definition, located by activity id or by line and column.</summary>
public sealed record WorkflowProblem(string Code, string Message, string? ActivityId = null, long? Line = null, long? Column = null)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var where = ActivityId is not null ? $"activity '{ActivityId}': " : Line is not null ? $"line {Line}, column {Column}: " : "";
        return where + Message;
    }
}

/// <summary>Problem codes.</summary>
public static class WorkflowProblemCodes
{
    public const string InvalidJson = "invalid-json";
    public const string InvalidDocument = "invalid-document";
    public const string UnknownActivityType = "unknown-activity-type";
    public const string DuplicateActivityId = "duplicate-activity-id";
    public const string DanglingConnection = "dangling-connection";
    public const string UnknownPort = "unknown-port";
    public const string MissingRequiredInput = "missing-required-input";
    public const string ExpressionSyntax = "expression-syntax";
    public const string UnknownExpressionSyntax = "unknown-expression-syntax";
    public const string UnknownVariable = "unknown-variable";
    public const string InvalidValue = "invalid-value";
}
