using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Expressions;

namespace IntellyHub.Workflows.Validation;

/// <summary>
/// An activity that checks the values of its inputs when its definition is validated (before it is
/// published or run): the values known then are the literals. Each problem names the input.
/// </summary>
public interface IValidatingActivity
{
    /// <summary>The problems of the literal input values (empty when there is none).</summary>
    IEnumerable<string> Validate(LiteralInputs inputs);
}

/// <summary>The literal values of an activity's inputs, converted to the inputs' types.</summary>
public sealed class LiteralInputs
{
    /// <summary>
    /// The value of <paramref name="input"/> when it is a literal (converted to <typeparamref name="T"/>);
    /// false for expressions (known only when the activity runs), missing inputs and literals that do not convert.
    /// </summary>
    public bool TryGet<T>(Input<T>? input, out T? value)
    {
        value = default;
        if (input?.Expression is not { Type: ExpressionSyntax.Literal, Value: { } literal }) return false;
        try
        {
            value = ValueConverter.Convert<T>(literal);
            return true;
        }
        catch (Exception exception) when (exception is FormatException or InvalidCastException or OverflowException or System.Text.Json.JsonException or ArgumentException)
        {
            return false;
        }
    }
}
