using System.Net;
using System.Text.Json.Nodes;
using static IntellyHub.Server.Tests.WorkflowApi.StudioModels;

namespace IntellyHub.Server.Tests.WorkflowApi.Instances;

/// <summary>Definitions for the instance tests, published and run through the API as Studio does.</summary>
public static class InstanceFlows
{
    public const string FlowchartNode = "Workflow1:flowchart1";

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    /// <summary>Start → wait for event <paramref name="eventName"/> → WriteLine → End: suspends on a bookmark.</summary>
    public static JsonObject Waiting(string definitionId, string eventName) => new()
    {
        ["definitionId"] = definitionId,
        ["name"] = "Waiting flow",
        ["version"] = 1,
        ["root"] = new JsonObject
        {
            ["id"] = "flowchart1", ["type"] = "Elsa.Flowchart", ["version"] = 1, ["name"] = "Flowchart1",
            ["activities"] = new JsonArray(
                Activity("start1", "Elsa.Start"),
                Activity("wait1", "Elsa.Event", ("eventName", Wrapped("String", "Literal", eventName))),
                Activity("write1", "Elsa.WriteLine", ("text", Wrapped("String", "Literal", "resumed"))),
                Activity("end1", "Elsa.End")),
            ["connections"] = new JsonArray(Connection("start1", "wait1"), Connection("wait1", "write1"), Connection("write1", "end1")),
        },
    };

    /// <summary>Start → Fault("boom"): the instance ends Faulted with one incident.</summary>
    public static JsonObject Faulting(string definitionId) => new()
    {
        ["definitionId"] = definitionId,
        ["name"] = "Faulting flow",
        ["version"] = 1,
        ["root"] = new JsonObject
        {
            ["id"] = "flowchart1", ["type"] = "Elsa.Flowchart", ["version"] = 1, ["name"] = "Flowchart1",
            ["activities"] = new JsonArray(
                Activity("start1", "Elsa.Start"),
                Activity("fault1", "Elsa.Fault", ("message", Wrapped("String", "Literal", "boom")))),
            ["connections"] = new JsonArray(Connection("start1", "fault1")),
        },
    };

    /// <summary>Saves and publishes <paramref name="model"/>; returns its definition id.</summary>
    public static async Task<string> PublishAsync(this HttpClient editor, JsonObject model) =>
        (await editor.SaveAsync(model, publish: true)).Text("definitionId")!;

    /// <summary>Runs the published definition (Studio's Run button); returns the instance id from the response header.</summary>
    public static async Task<string> RunAsync(this HttpClient editor, string definitionId, string? correlationId = null)
    {
        using var response = await editor.PostJsonAsync($"/workflow-definitions/{definitionId}/execute", new JsonObject { ["correlationId"] = correlationId });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"execute failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return Assert.Single(response.Headers.GetValues("x-elsa-workflow-instance-id"));
    }

    public static async Task<JsonObject> GetObjectAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(Api + path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadObjectAsync();
    }

    public static async Task<JsonObject> PostObjectAsync(this HttpClient client, string path, JsonNode body)
    {
        using var response = await client.PostJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadObjectAsync();
    }

    /// <summary>The instance list for one definition, as Studio's list asks for it.</summary>
    public static Task<JsonObject> ListAsync(this HttpClient client, JsonObject request) => client.PostObjectAsync("/workflow-instances", request);

    public static JsonArray Items(this JsonObject response) => (JsonArray)response["items"]!;

    public static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, (int)JsonNode.Parse(body)!["status"]!);
    }

    public static Task<HttpResponseMessage> PostEmptyAsync(this HttpClient client, string path) => client.PostAsync(Api + path, null);
}
