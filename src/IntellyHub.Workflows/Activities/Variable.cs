using System.Text.Json.Nodes;

namespace IntellyHub.Workflows.Activities;

/// <summary>A typed workflow variable. Every variable of a definition lives in the workflow scope.</summary>
public sealed class Variable
{
    /// <summary>Default storage driver name Elsa writes.</summary>
    public const string DefaultStorageDriver = "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core";

    /// <summary>A variable with a generated id.</summary>
    public Variable(string name, string typeName = "Object", object? value = null)
        : this(IdGenerator.NewId(), name, typeName, value) { }

    /// <summary>A variable with an explicit id.</summary>
    public Variable(string id, string name, string typeName, object? value)
    {
        Id = id;
        Name = name;
        TypeName = typeName;
        Value = value;
    }

    public string Id { get; set; }
    public string Name { get; set; }

    /// <summary>Type alias (<c>String</c>, <c>Int32</c>, <c>Object</c>…); values are converted to it on write.</summary>
    public string TypeName { get; set; }

    /// <summary>True when the variable holds an array of <see cref="TypeName"/>.</summary>
    public bool IsArray { get; set; }

    /// <summary>Initial value (a string or JSON node when read from a definition).</summary>
    public object? Value { get; set; }

    public string? StorageDriverTypeName { get; set; } = DefaultStorageDriver;

    /// <summary>JSON properties this model does not know, written back unchanged.</summary>
    public JsonObject? ExtraProperties { get; set; }

    /// <summary>The CLR type values are converted to.</summary>
    public Type ValueType => TypeAliases.Resolve(IsArray ? TypeName + "[]" : TypeName);
}
