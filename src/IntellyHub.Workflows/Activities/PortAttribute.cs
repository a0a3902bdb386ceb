namespace IntellyHub.Workflows.Activities;

/// <summary>Marks an activity-typed property as an embedded port (a slot holding a child activity, such as a loop body).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PortAttribute : Attribute
{
    /// <summary>Label in the designer.</summary>
    public string? DisplayName { get; init; }
}
