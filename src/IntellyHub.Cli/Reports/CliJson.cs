using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IntellyHub.Cli.Reports;

/// <summary>The JSON settings of the documents the tool prints: indented, camelCase, enums by name.</summary>
public static class CliJson
{
    /// <summary>For the <c>run</c> report: nulls are kept so every record has the same shape.</summary>
    public static JsonSerializerOptions Report { get; } = Create(JsonIgnoreCondition.Never);

    /// <summary>For descriptors: nulls are left out.</summary>
    public static JsonSerializerOptions Descriptors { get; } = Create(JsonIgnoreCondition.WhenWritingNull);

    private static JsonSerializerOptions Create(JsonIgnoreCondition ignore)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            DefaultIgnoreCondition = ignore,
            ReferenceHandler = ReferenceHandler.IgnoreCycles,
            // Workflow text is shown as it is ('<', '>', '&', quotes and non-ASCII letters unescaped).
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
