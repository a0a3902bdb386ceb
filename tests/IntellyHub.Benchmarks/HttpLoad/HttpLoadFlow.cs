using System.Text.Json.Nodes;

namespace IntellyHub.Benchmarks.HttpLoad;

/// <summary>
/// The flow under load, in Elsa 3's JSON: <c>HttpEndpoint (GET /workflows/bench) → SetVariable (Greeting, JavaScript) →
/// WriteHttpResponse (200, text/plain, the variable)</c>.
/// </summary>
public static class HttpLoadFlow
{
    public const string Path = "bench";

    /// <summary>The body both the flow and the bare endpoint answer with.</summary>
    public static string Greeting(string name) => "Hello " + name;

    /// <summary>The save request body (<c>{ model, publish: true }</c>) of the flow; transient: not stored when it finishes.</summary>
    public static JsonObject SaveRequest(string definitionId, bool transient) => new()
    {
        ["publish"] = true,
        ["model"] = new JsonObject
        {
            ["definitionId"] = definitionId,
            ["name"] = "HTTP load " + (transient ? "(transient)" : "(stored)"),
            ["options"] = new JsonObject { ["commitStrategyName"] = transient ? "Transient" : null },
            ["variables"] = new JsonArray(new JsonObject { ["id"] = "greeting", ["name"] = "Greeting", ["typeName"] = "String" }),
            ["root"] = new JsonObject
            {
                ["type"] = "Elsa.Flowchart",
                ["version"] = 1,
                ["id"] = "flowchart",
                ["activities"] = new JsonArray(
                    new JsonObject
                    {
                        ["type"] = "Elsa.HttpEndpoint",
                        ["version"] = 1,
                        ["id"] = "request",
                        ["customProperties"] = new JsonObject { ["canStartWorkflow"] = true },
                        ["path"] = Literal("String", Path),
                        ["supportedMethods"] = new JsonObject
                        {
                            ["typeName"] = "String[]",
                            ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = "[\"GET\"]" },
                        },
                        ["authorize"] = Literal("Boolean", "false"),
                    },
                    new JsonObject
                    {
                        ["type"] = "Elsa.SetVariable",
                        ["version"] = 1,
                        ["id"] = "greet",
                        ["variable"] = new JsonObject { ["id"] = "greeting", ["name"] = "Greeting", ["typeName"] = "String" },
                        ["value"] = new JsonObject
                        {
                            ["typeName"] = "Object",
                            ["expression"] = new JsonObject { ["type"] = "JavaScript", ["value"] = "'Hello ' + (getOutputFrom('request', 'QueryStringData').name ?? 'world')" },
                        },
                    },
                    new JsonObject
                    {
                        ["type"] = "Elsa.WriteHttpResponse",
                        ["version"] = 1,
                        ["id"] = "respond",
                        ["statusCode"] = Literal("System.Net.HttpStatusCode, System.Net.Primitives", "OK"),
                        ["contentType"] = Literal("String", "text/plain"),
                        ["content"] = new JsonObject
                        {
                            ["typeName"] = "Object",
                            ["expression"] = new JsonObject { ["type"] = "Variable", ["value"] = new JsonObject { ["id"] = "greeting", ["name"] = "Greeting" } },
                        },
                    }),
                ["connections"] = new JsonArray(Connection("request", "greet"), Connection("greet", "respond")),
            },
        },
    };

    private static JsonObject Literal(string typeName, string value) => new()
    {
        ["typeName"] = typeName,
        ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value },
    };

    private static JsonObject Connection(string source, string target) => new()
    {
        ["source"] = new JsonObject { ["activity"] = source, ["port"] = "Done" },
        ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
    };
}
