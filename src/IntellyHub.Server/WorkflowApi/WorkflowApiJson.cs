using System.Text.Json;
using System.Text.Json.Serialization;

namespace IntellyHub.Server.WorkflowApi;

/// <summary>The JSON settings of the workflow API: Elsa's (camelCase, case-insensitive reading, enums by name).</summary>
public static class WorkflowApiJson
{
    /// <summary>For request bodies read by hand and for files the API writes.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>As <see cref="Options"/>, indented (exported files).</summary>
    public static JsonSerializerOptions Indented { get; } = new(Options) { WriteIndented = true };
}
