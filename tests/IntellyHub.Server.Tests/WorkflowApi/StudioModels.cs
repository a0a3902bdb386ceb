using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntellyHub.Server.Tests.WorkflowApi;

/// <summary>Requests shaped the way Elsa Studio 3.8.2 sends them (contract §5.4), and small JSON readers.</summary>
public static class StudioModels
{
    public const string Api = "/elsa/api";

    /// <summary>The definition list's "Create workflow": no ids, a bare flowchart root without nodeId, null collections.</summary>
    public static JsonObject CreateRequest(string name) => new()
    {
        ["model"] = new JsonObject
        {
            ["id"] = null, ["definitionId"] = null, ["name"] = name, ["description"] = null, ["version"] = 1, ["toolVersion"] = "3.8.0.0",
            ["variables"] = null, ["inputs"] = null, ["outputs"] = null, ["outcomes"] = null, ["customProperties"] = null, ["options"] = null,
            ["isLatest"] = true, ["isPublished"] = false, ["isReadonly"] = false, ["links"] = null,
            ["root"] = new JsonObject { ["id"] = "6fb95a54cb52e9d0", ["type"] = "Elsa.Flowchart", ["version"] = 1, ["name"] = "Flowchart1" },
        },
        ["publish"] = false,
    };

    /// <summary>A save request for <paramref name="model"/> (as Studio holds it: the last definition it received, edited).</summary>
    public static JsonObject SaveRequest(JsonObject model, bool publish = false) => new() { ["model"] = model.DeepClone(), ["publish"] = publish };

    /// <summary>
    /// A flow Start → For(1..3, body: count = count + 1 in JavaScript) → SetOutput("count") → End, with Int32 literals as the
    /// strings Studio writes ("1", "3") and a Studio-style dropped activity without nodeId.
    /// </summary>
    public static JsonObject CountingFlow(string definitionId, string name = "Counting flow") => new()
    {
        ["definitionId"] = definitionId,
        ["name"] = name,
        ["version"] = 1,
        ["variables"] = new JsonArray(new JsonObject { ["id"] = "count", ["name"] = "count", ["typeName"] = "Int32", ["isArray"] = false, ["value"] = "0", ["storageDriverTypeName"] = "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core" }),
        ["root"] = new JsonObject
        {
            ["id"] = "flowchart1", ["type"] = "Elsa.Flowchart", ["version"] = 1, ["name"] = "Flowchart1",
            ["activities"] = new JsonArray(
                Activity("start1", "Elsa.Start"),
                Activity("for1", "Elsa.For",
                    ("start", Wrapped("Int32", "Literal", "1")), ("end", Wrapped("Int32", "Literal", "3")), ("step", Wrapped("Int32", "Literal", "1")),
                    ("body", new JsonObject
                    {
                        ["id"] = "add1", ["type"] = "Elsa.SetVariable", ["version"] = 1,
                        ["variable"] = new JsonObject { ["id"] = "count", ["name"] = "count", ["typeName"] = "Int32" },
                        ["value"] = Wrapped("Object", "JavaScript", "getCount() + 1"),
                    })),
                Activity("output1", "Elsa.SetOutput", ("outputName", Wrapped("String", "Literal", "count")), ("outputValue", Wrapped("Object", "JavaScript", "getCount()"))),
                Activity("end1", "Elsa.End")),
            ["connections"] = new JsonArray(Connection("start1", "for1"), Connection("for1", "output1"), Connection("output1", "end1")),
        },
    };

    public static JsonObject Activity(string id, string type, params (string Name, JsonNode? Value)[] properties)
    {
        var activity = new JsonObject
        {
            ["id"] = id, ["type"] = type, ["version"] = 1, ["name"] = id,
            ["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = 0, ["y"] = 0 } } },
        };
        foreach (var (name, value) in properties) activity[name] = value;
        return activity;
    }

    public static JsonObject Wrapped(string typeName, string syntax, string value) =>
        new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = syntax, ["value"] = value }, ["memoryReference"] = null };

    public static JsonObject Connection(string source, string target, string port = "Done") => new()
    {
        ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
        ["vertices"] = new JsonArray(),
    };

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException($"Not a JSON object: {text}");
    }

    /// <summary>Saves through the API and returns the stored definition (asserting 200).</summary>
    public static async Task<JsonObject> SaveAsync(this HttpClient client, JsonObject model, bool publish = false)
    {
        using var response = await client.PostAsJsonAsync($"{Api}/workflow-definitions", SaveRequest(model, publish));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"save failed: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["workflowDefinition"]!.AsObject();
    }

    public static async Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, JsonNode body) =>
        await client.PostAsync(Api + path, new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

    public static string? Text(this JsonNode? node, string name) => node?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static IEnumerable<string> Rels(this JsonNode? node) =>
        (node?["links"] as JsonArray ?? []).Select(l => l.Text("rel")!).ToList();

    public static JsonElement Element(this JsonNode node) => JsonSerializer.SerializeToElement(node);
}
