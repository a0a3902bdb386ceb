namespace IntellyHub.Workflows.Activities;

/// <summary>
/// Declares an activity's stable identity and how it appears in the designer's toolbox.
/// The type name is persisted in workflow definitions: renaming the C# class never changes it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string typeName) : Attribute
{
    /// <summary>Stable type name written to workflow JSON, e.g. <c>Elsa.WriteLine</c> or <c>IntellyHub.SendEmail</c>.</summary>
    public string TypeName { get; } = typeName;

    /// <summary>Type version; a breaking change to inputs gets a new version next to the old one.</summary>
    public int Version { get; init; } = 1;

    /// <summary>Toolbox category.</summary>
    public string Category { get; init; } = "Miscellaneous";

    /// <summary>Display name; defaults to the type name's last segment split into words.</summary>
    public string? DisplayName { get; init; }

    /// <summary>One-line description shown in the toolbox and in the activity's properties.</summary>
    public string? Description { get; init; }

    /// <summary>Action, Trigger, Task or Job; triggers can start workflows.</summary>
    public ActivityKind Kind { get; init; } = ActivityKind.Action;

    /// <summary>False hides the activity from the toolbox (containers used as roots, placeholders).</summary>
    public bool IsBrowsable { get; init; } = true;
}
