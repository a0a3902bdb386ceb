namespace IntellyHub.Workflows.Activities;

/// <summary>Describes an activity output for the designer.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OutputAttribute : Attribute
{
    /// <summary>Label in the designer.</summary>
    public string? DisplayName { get; init; }

    /// <summary>What the output holds.</summary>
    public string? Description { get; init; }

    /// <summary>False hides the output from the designer.</summary>
    public bool IsBrowsable { get; init; } = true;
}
