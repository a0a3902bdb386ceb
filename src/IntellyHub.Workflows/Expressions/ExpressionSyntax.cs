namespace IntellyHub.Workflows.Expressions;

/// <summary>Names of the built-in expression syntaxes, as written in workflow JSON.</summary>
public static class ExpressionSyntax
{
    public const string Literal = "Literal";
    public const string Object = "Object";
    public const string Json = "Json";
    public const string Variable = "Variable";
    public const string JavaScript = "JavaScript";
    public const string Liquid = "Liquid";
}
