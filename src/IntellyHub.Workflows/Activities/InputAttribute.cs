namespace IntellyHub.Workflows.Activities;

/// <summary>Describes an activity input for the designer and for validation.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class InputAttribute : Attribute
{
    /// <summary>Label in the designer; defaults to the property name split into words.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Help text shown under the editor.</summary>
    public string? Description { get; init; }

    /// <summary>Editor Studio shows (see <see cref="InputUIHints"/>); derived from the type when unset.</summary>
    public string? UIHint { get; init; }

    /// <summary>Default value written to the descriptor; the property initializer's literal is used when unset.</summary>
    public object? DefaultValue { get; init; }

    /// <summary>Choices for dropdown, radio and checklist editors.</summary>
    public string[]? Options { get; init; }

    /// <summary>Validation reports a missing value as a problem.</summary>
    public bool IsRequired { get; init; }

    /// <summary>Expression syntax the editor selects initially (Literal, JavaScript, Liquid…).</summary>
    public string? DefaultSyntax { get; init; }

    /// <summary>Editor order; lower comes first.</summary>
    public int Order { get; init; }

    /// <summary>False hides the input from the designer.</summary>
    public bool IsBrowsable { get; init; } = true;

    /// <summary>Input category (a tab or group in the property panel).</summary>
    public string? Category { get; init; }

    /// <summary>
    /// False when the activity evaluates the input itself, possibly several times (a loop condition);
    /// such inputs are read with <c>EvaluateAsync</c>, not <c>Get</c>.
    /// </summary>
    public bool AutoEvaluate { get; init; } = true;

    /// <summary>Journal records the evaluated value (false for secrets and large payloads).</summary>
    public bool CaptureInJournal { get; init; } = true;
}
