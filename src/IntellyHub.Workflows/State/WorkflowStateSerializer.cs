using System.Text.Json;
using System.Text.Json.Serialization;

namespace IntellyHub.Workflows.State;

/// <summary>Reads and writes <see cref="WorkflowState"/> as JSON (camelCase, enums by name).</summary>
public static class WorkflowStateSerializer
{
    /// <summary>The options used for state and other engine documents.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static string Serialize(WorkflowState state) => JsonSerializer.Serialize(state, Options);

    public static byte[] SerializeToUtf8Bytes(WorkflowState state) => JsonSerializer.SerializeToUtf8Bytes(state, Options);

    /// <summary>Parses a state document; throws <see cref="WorkflowStateException"/> when it is not one.</summary>
    public static WorkflowState Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<WorkflowState>(json, Options) ?? throw new WorkflowStateException("The workflow state is empty.");
        }
        catch (JsonException exception)
        {
            throw new WorkflowStateException($"The workflow state is not valid JSON: {exception.Message}", exception);
        }
    }
}

/// <summary>A stored workflow state that cannot be read or does not match its definition.</summary>
public sealed class WorkflowStateException : Exception
{
    public WorkflowStateException(string message) : base(message) { }
    public WorkflowStateException(string message, Exception inner) : base(message, inner) { }
}
