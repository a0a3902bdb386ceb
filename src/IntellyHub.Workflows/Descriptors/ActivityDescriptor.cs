using System.Text.Json.Nodes;
using IntellyHub.Workflows.Activities;

namespace IntellyHub.Workflows.Descriptors;

/// <summary>An activity type as Elsa Studio reads it (<c>GET /descriptors/activities</c>).</summary>
public sealed class ActivityDescriptor
{
    public required string TypeName { get; init; }
    public string? ClrType { get; init; }
    public required string Namespace { get; init; }
    public required string Name { get; init; }
    public int Version { get; init; } = 1;
    public required string Category { get; init; }
    public required string DisplayName { get; init; }
    public string? Description { get; init; }
    public ActivityKind Kind { get; init; }
    public bool IsBrowsable { get; init; } = true;
    public bool IsContainer { get; init; }
    public bool IsStart { get; init; }
    public bool IsTerminal { get; init; }
    public bool RunAsynchronously { get; init; }
    public List<InputDescriptor> Inputs { get; init; } = [];
    public List<OutputDescriptor> Outputs { get; init; } = [];
    public List<PortDescriptor> Ports { get; init; } = [];
    public JsonObject CustomProperties { get; init; } = [];
    public JsonObject ConstructionProperties { get; init; } = [];
}

/// <summary>An activity input as Studio reads it; the UI hint picks the editor.</summary>
public sealed class InputDescriptor
{
    public required string Name { get; init; }
    public required string TypeName { get; init; }
    public required string DisplayName { get; init; }
    public string? Description { get; init; }
    public int Order { get; init; }
    public bool IsBrowsable { get; init; } = true;
    public bool IsSerializable { get; init; } = true;
    public bool IsSynthetic { get; init; }
    public bool IsWrapped { get; init; }
    public required string UiHint { get; init; }
    public string? Category { get; init; }
    public object? DefaultValue { get; init; }
    public string? DefaultSyntax { get; init; }
    public bool IsReadOnly { get; init; }
    public bool IsSensitive { get; init; }
    public bool AutoEvaluate { get; init; } = true;
    public bool IsRequired { get; init; }
    public string? StorageDriverType { get; init; }
    public JsonObject? UiSpecifications { get; init; }
}

/// <summary>An activity output as Studio reads it.</summary>
public sealed class OutputDescriptor
{
    public required string Name { get; init; }
    public required string TypeName { get; init; }
    public required string DisplayName { get; init; }
    public string? Description { get; init; }
    public int Order { get; init; }
    public bool IsBrowsable { get; init; } = true;
    public bool IsSerializable { get; init; } = true;
}

/// <summary>A port: a flow outcome (<c>Flow</c>) or a slot holding a child activity (<c>Embedded</c>).</summary>
public sealed record PortDescriptor(string Name, string DisplayName, string Type, bool IsBrowsable = true);
