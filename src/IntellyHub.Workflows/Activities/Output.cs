
namespace IntellyHub.Workflows.Activities;

/// <summary>
/// An activity output. Its value is recorded in the journal and, when the output is bound to a
/// workflow variable (a memory reference), written to that variable.
/// </summary>
public abstract class Output
{
    private protected Output(Type valueType, string? memoryReferenceId, string? typeName)
    {
        ValueType = valueType;
        MemoryReferenceId = memoryReferenceId;
        TypeName = typeName ?? TypeAliases.GetAlias(valueType);
    }

    /// <summary>The CLR type of the value.</summary>
    public Type ValueType { get; }

    /// <summary>Id (or name) of the variable this output is written to, if any.</summary>
    public string? MemoryReferenceId { get; }

    /// <summary>The type name stored in JSON.</summary>
    public string TypeName { get; }

    /// <summary>JSON properties besides <c>typeName</c> and <c>memoryReference</c>, written back unchanged.</summary>
    public System.Text.Json.Nodes.JsonObject? ExtraProperties { get; set; }

    /// <summary>Creates an output of the given value type (used by the serializer).</summary>
    public static Output Create(Type valueType, string? memoryReferenceId, string? typeName = null) =>
        (Output)Activator.CreateInstance(typeof(Output<>).MakeGenericType(valueType), memoryReferenceId, typeName)!;
}

/// <summary>A typed activity output.</summary>
public sealed class Output<T> : Output
{
    /// <summary>An output not bound to a variable.</summary>
    public Output() : base(typeof(T), null, null) { }

    /// <summary>An output bound to a variable id.</summary>
    public Output(string? memoryReferenceId, string? typeName = null) : base(typeof(T), memoryReferenceId, typeName) { }

    /// <summary>An output bound to a variable.</summary>
    public Output(Variable variable) : base(typeof(T), variable.Id, null) { }
}
