using System.Text;
using System.Text.Json.Nodes;
using IntellyHub.Workflows;

namespace IntellyHub.Server.WorkflowApi.Descriptors;

/// <summary>
/// TypeScript declarations for Studio's JavaScript editor (Monaco): the functions the JavaScript evaluator offers,
/// plus <c>getX()</c>/<c>setX(value)</c> and <c>variables.x</c> for each variable of the definition.
/// </summary>
public static class JavaScriptTypeDefinitions
{
    private const string Functions = """
        /** The value of a workflow variable by name or id. */
        declare function getVariable(name: string): any;
        /** Sets a workflow variable by name or id. */
        declare function setVariable(name: string, value: any): void;
        /** A workflow input by name. */
        declare function getInput(name: string): any;
        /** A workflow input by name. */
        declare function getWorkflowInput(name: string): any;
        /** An output of an earlier activity (default output name: Result). */
        declare function getOutputFrom(activityIdOrName: string, outputName?: string): any;
        /** The result of the activity that ran last. */
        declare function getLastResult(): any;
        declare function getWorkflowInstanceId(): string;
        declare function getWorkflowDefinitionId(): string;
        declare function getWorkflowDefinitionVersion(): number;
        declare function getCorrelationId(): string | null;
        declare function setCorrelationId(value: string | null): void;
        declare function isNullOrEmpty(value: any): boolean;
        declare function isNullOrWhiteSpace(value: any): boolean;
        declare function toJson(value: any): string;
        declare function parseGuid(value: string): string;
        declare function newGuid(): string;
        declare function newGuidString(): string;
        declare function newShortGuid(): string;
        /** The workflow input. */
        declare const input: { [name: string]: any };

        """;

    /// <summary>The declarations for a definition's variables (<paramref name="variables"/> is the stored <c>variables</c> array, or null).</summary>
    public static string For(JsonArray? variables)
    {
        var text = new StringBuilder(Functions);
        var members = new StringBuilder();
        foreach (var variable in (variables ?? []).OfType<JsonObject>())
        {
            if (variable["name"] is not JsonValue nameValue || !nameValue.TryGetValue<string>(out var name) || !IsIdentifier(name)) continue;
            var typeName = variable["typeName"] is JsonValue t && t.TryGetValue<string>(out var alias) ? alias : "Object";
            var type = ScriptType(typeName);
            var accessor = char.ToUpperInvariant(name[0]) + name[1..];
            text.Append(CultureInvariant($"/** Variable '{name}' ({typeName}). */\ndeclare function get{accessor}(): {type};\ndeclare function set{accessor}(value: {type}): void;\n"));
            members.Append(CultureInvariant($"  {name}: {type};\n"));
        }

        text.Append("/** The workflow's variables; assignments are written back. */\ndeclare const variables: {\n").Append(members).Append("  [name: string]: any;\n};\n");
        return text.ToString();
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);

    private static string ScriptType(string alias)
    {
        var type = TypeAliases.Resolve(alias);
        if (type == typeof(string) || type == typeof(Guid) || type == typeof(Uri) || type == typeof(char)) return "string";
        if (type == typeof(bool)) return "boolean";
        if (type.IsPrimitive || type == typeof(decimal)) return "number";
        if (type.Name.Contains("Dictionary", StringComparison.Ordinal) || type.GetInterfaces().Any(i => i.Name.StartsWith("IDictionary", StringComparison.Ordinal))) return "any";
        if (type.IsArray || (type.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) && type != typeof(string))) return "any[]";
        return "any";
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] is '_' or '$') && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '$');
}
