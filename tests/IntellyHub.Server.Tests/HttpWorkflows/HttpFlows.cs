using System.Text.Json.Nodes;
using static IntellyHub.Server.Tests.WorkflowApi.StudioModels;

namespace IntellyHub.Server.Tests.HttpWorkflows;

/// <summary>Flows in Elsa 3's JSON shape for the HTTP tests: an endpoint (the trigger), then what it does.</summary>
internal static class HttpFlows
{
    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    /// <summary>An HTTP endpoint trigger: <paramref name="path"/>, methods, access and size limit.</summary>
    public static JsonObject Endpoint(string id, string path, string[]? methods = null, bool authorize = false, string? policy = null, long? sizeLimit = null, string? pathSyntax = null,
        string? bindBodyTo = null, bool trigger = true, string? requestTimeout = null)
    {
        var endpoint = Activity(id, "Elsa.HttpEndpoint",
            ("path", Wrapped("String", pathSyntax ?? "Literal", path)),
            ("supportedMethods", Wrapped("String[]", "Object", new JsonArray((methods ?? ["GET"]).Select(m => (JsonNode)m).ToArray()).ToJsonString())),
            ("authorize", Wrapped("Boolean", "Literal", authorize ? "true" : "false")),
            ("policy", Wrapped("String", "Literal", policy ?? "")),
            ("requestSizeLimit", sizeLimit is { } limit ? Wrapped("Int64", "Literal", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null),
            ("requestTimeout", requestTimeout is null ? null : Wrapped("TimeSpan", "Literal", requestTimeout)),
            ("parsedContent", bindBodyTo is null ? null : new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = bindBodyTo } }));
        endpoint["customProperties"] = new JsonObject { ["canStartWorkflow"] = trigger, ["runAsynchronously"] = false };
        return endpoint;
    }

    public static JsonObject Response(string id, string syntax, string content, string status = "OK", string? contentType = null) =>
        Activity(id, "Elsa.WriteHttpResponse",
            ("statusCode", Wrapped("System.Net.HttpStatusCode, System.Net.Primitives", "Literal", status)),
            ("content", Wrapped("Object", syntax, content)),
            ("contentType", Wrapped("String", "Literal", contentType ?? "")),
            ("responseHeaders", Wrapped("Elsa.Http.HttpHeaders, Elsa.Http", "Object", "{\"x-flow\":\"yes\"}")));

    public static JsonObject SetVariable(string id, string variable, string script) =>
        Activity(id, "Elsa.SetVariable",
            ("variable", new JsonObject { ["id"] = variable, ["name"] = variable, ["typeName"] = "Object" }),
            ("value", Wrapped("Object", "JavaScript", script)));

    /// <summary>A flowchart of <paramref name="activities"/> connected in order, with Object variables.</summary>
    public static JsonObject Flow(string definitionId, string[] variables, params JsonObject[] activities)
    {
        var connections = new JsonArray();
        for (var i = 1; i < activities.Length; i++) connections.Add(Connection(activities[i - 1].Text("id")!, activities[i].Text("id")!));
        return new JsonObject
        {
            ["definitionId"] = definitionId,
            ["name"] = definitionId,
            ["version"] = 1,
            ["variables"] = new JsonArray(variables.Select(v => (JsonNode)new JsonObject
            {
                ["id"] = v, ["name"] = v, ["typeName"] = "Object", ["isArray"] = false, ["value"] = null,
                ["storageDriverTypeName"] = "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core",
            }).ToArray()),
            ["root"] = new JsonObject
            {
                ["id"] = "flowchart1", ["type"] = "Elsa.Flowchart", ["version"] = 1, ["name"] = "Flowchart1",
                ["activities"] = new JsonArray(activities.Select(a => (JsonNode)a).ToArray()),
                ["connections"] = connections,
            },
        };
    }

    /// <summary>Endpoint → WriteHttpResponse echoing the parsed body (bound to a variable) as the activity writes it.</summary>
    public static JsonObject Echo(string definitionId, string path, string[]? methods = null, long? sizeLimit = null) =>
        Flow(definitionId, ["body"],
            Endpoint("endpoint1", path, methods ?? ["POST"], sizeLimit: sizeLimit, bindBodyTo: "body"),
            Response("reply1", "Variable", "body"));
}
