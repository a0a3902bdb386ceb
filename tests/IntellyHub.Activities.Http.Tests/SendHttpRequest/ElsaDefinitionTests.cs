using System.Text.Json.Nodes;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace IntellyHub.Activities.Http.Tests.SendHttpRequest;

/// <summary>
/// Elsa 3 definitions using Elsa.FlowSendHttpRequest and Elsa.SendHttpRequest, as Elsa Studio writes them,
/// read, validate, run through the WorkflowRunner and are written back unchanged.
/// </summary>
public sealed class ElsaDefinitionTests(TestHttpServer server) : IClassFixture<TestHttpServer>, IDisposable
{
    private readonly HttpTestHost _host = new();

    public void Dispose() => _host.Dispose();

    // A flowchart: Start → HTTP request (status code into a variable, the parsed body into another) → one WriteLine per port.
    private static string FlowDefinition(Uri url) => """
        {
          "id": "3f2a1c9e0b7d4e21",
          "definitionId": "http-flow",
          "name": "HTTP flow",
          "version": 1,
          "isLatest": true,
          "isPublished": true,
          "variables": [
            { "id": "status1", "name": "Status", "typeName": "Int32", "isArray": false, "value": null, "storageDriverTypeName": null },
            { "id": "body1", "name": "Body", "typeName": "Object", "isArray": false, "value": null, "storageDriverTypeName": null }
          ],
          "root": {
            "id": "flowchart1", "nodeId": "Workflow1:flowchart1", "name": "Flowchart1", "type": "Elsa.Flowchart", "version": 1,
            "customProperties": { "source": "FlowchartJsonConverter.cs:45", "notFoundConnections": [], "canStartWorkflow": false, "runAsynchronously": false },
            "metadata": {},
            "activities": [
              { "id": "start1", "nodeId": "Workflow1:flowchart1:start1", "name": "Start1", "type": "Elsa.Start", "version": 1,
                "customProperties": { "canStartWorkflow": false, "runAsynchronously": false },
                "metadata": { "designer": { "position": { "x": -300, "y": 0 }, "size": { "width": 102, "height": 50 } } } },
              { "id": "http1", "nodeId": "Workflow1:flowchart1:http1", "name": "FlowSendHttpRequest1", "type": "Elsa.FlowSendHttpRequest", "version": 1,
                "expectedStatusCodes": { "typeName": "List<Int32>", "expression": { "type": "Object", "value": "[200,404]" } },
                "url": { "typeName": "System.Uri, System.Private.Uri", "expression": { "type": "Literal", "value": "__URL__" } },
                "method": { "typeName": "String", "expression": { "type": "Literal", "value": "GET" } },
                "content": { "typeName": "Object", "expression": { "type": "Literal", "value": "" } },
                "contentType": { "typeName": "String", "expression": { "type": "Literal", "value": "" } },
                "authorization": { "typeName": "String", "expression": { "type": "Literal", "value": "" } },
                "disableAuthorizationHeaderValidation": { "typeName": "Boolean", "expression": { "type": "Literal", "value": "False" } },
                "requestHeaders": { "typeName": "Elsa.Http.HttpHeaders, Elsa.Http", "expression": { "type": "Json", "value": "{\"Accept\":[\"application/json\"]}" } },
                "enableResiliency": { "typeName": "Boolean", "expression": { "type": "Literal", "value": "False" } },
                "statusCode": { "typeName": "Int32", "memoryReference": { "id": "status1" } },
                "parsedContent": { "typeName": "Object", "memoryReference": { "id": "body1" } },
                "responseHeaders": { "typeName": "Elsa.Http.HttpHeaders, Elsa.Http", "memoryReference": null },
                "customProperties": { "canStartWorkflow": false, "runAsynchronously": false },
                "metadata": { "designer": { "position": { "x": -100, "y": 0 }, "size": { "width": 180, "height": 90 } } } },
              { "id": "ok1", "nodeId": "Workflow1:flowchart1:ok1", "name": "WriteLine1", "type": "Elsa.WriteLine", "version": 1,
                "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "'ok ' + getStatus() + ' ' + getBody().name" } },
                "customProperties": {}, "metadata": {} },
              { "id": "missing1", "nodeId": "Workflow1:flowchart1:missing1", "name": "WriteLine2", "type": "Elsa.WriteLine", "version": 1,
                "text": { "typeName": "String", "expression": { "type": "Literal", "value": "missing" } }, "customProperties": {}, "metadata": {} },
              { "id": "other1", "nodeId": "Workflow1:flowchart1:other1", "name": "WriteLine3", "type": "Elsa.WriteLine", "version": 1,
                "text": { "typeName": "String", "expression": { "type": "Liquid", "value": "unmatched {{ Variables.Status }}" } }, "customProperties": {}, "metadata": {} },
              { "id": "down1", "nodeId": "Workflow1:flowchart1:down1", "name": "WriteLine4", "type": "Elsa.WriteLine", "version": 1,
                "text": { "typeName": "String", "expression": { "type": "Literal", "value": "unreachable" } }, "customProperties": {}, "metadata": {} }
            ],
            "connections": [
              { "source": { "activity": "start1", "port": "Done" }, "target": { "activity": "http1", "port": "In" }, "vertices": [] },
              { "source": { "activity": "http1", "port": "200" }, "target": { "activity": "ok1", "port": "In" }, "vertices": [] },
              { "source": { "activity": "http1", "port": "404" }, "target": { "activity": "missing1", "port": "In" }, "vertices": [] },
              { "source": { "activity": "http1", "port": "Unmatched status code" }, "target": { "activity": "other1", "port": "In" }, "vertices": [] },
              { "source": { "activity": "http1", "port": "Failed to connect" }, "target": { "activity": "down1", "port": "In" }, "vertices": [] },
              { "source": { "activity": "http1", "port": "Timeout" }, "target": { "activity": "down1", "port": "In" }, "vertices": [] }
            ]
          }
        }
        """.Replace("__URL__", url.ToString(), StringComparison.Ordinal);

    // Elsa.SendHttpRequest keeps the activity of each status code in its cases and its ports.
    private static string EmbeddedDefinition(Uri url) => """
        {
          "definitionId": "http-embedded",
          "name": "HTTP embedded",
          "variables": [],
          "root": {
            "id": "flowchart1", "nodeId": "Workflow1:flowchart1", "type": "Elsa.Flowchart", "version": 1, "customProperties": {}, "metadata": {},
            "activities": [
              { "id": "http1", "nodeId": "Workflow1:flowchart1:http1", "name": "SendHttpRequest1", "type": "Elsa.SendHttpRequest", "version": 1,
                "url": { "typeName": "System.Uri, System.Private.Uri", "expression": { "type": "Literal", "value": "__URL__" } },
                "method": { "typeName": "String", "expression": { "type": "Literal", "value": "GET" } },
                "expectedStatusCodes": [
                  { "statusCode": 200, "activity": { "id": "got200", "nodeId": "Workflow1:flowchart1:http1:got200", "type": "Elsa.WriteLine", "version": 1,
                    "text": { "typeName": "String", "expression": { "type": "Literal", "value": "got 200" } }, "customProperties": {}, "metadata": {} } }
                ],
                "unmatchedStatusCode": { "id": "other1", "nodeId": "Workflow1:flowchart1:http1:other1", "type": "Elsa.WriteLine", "version": 1,
                  "text": { "typeName": "String", "expression": { "type": "Literal", "value": "other status" } }, "customProperties": {}, "metadata": {} },
                "failedToConnect": { "id": "down1", "nodeId": "Workflow1:flowchart1:http1:down1", "type": "Elsa.WriteLine", "version": 1,
                  "text": { "typeName": "String", "expression": { "type": "Literal", "value": "down" } }, "customProperties": {}, "metadata": {} },
                "timeout": null,
                "customProperties": {}, "metadata": {} },
              { "id": "after1", "nodeId": "Workflow1:flowchart1:after1", "type": "Elsa.WriteLine", "version": 1,
                "text": { "typeName": "String", "expression": { "type": "Literal", "value": "after" } }, "customProperties": {}, "metadata": {} }
            ],
            "connections": [
              { "source": { "activity": "http1", "port": "Done" }, "target": { "activity": "after1", "port": "In" }, "vertices": [] }
            ]
          }
        }
        """.Replace("__URL__", url.ToString(), StringComparison.Ordinal);

    private async Task<RunWorkflowResult> ReadValidateAndRunAsync(string json)
    {
        var read = _host.Serializer.Read(json);
        Assert.Empty(read.Problems);
        Assert.Empty(_host.Services.GetRequiredService<WorkflowValidator>().Validate(read.Definition!));
        var result = await _host.Runner.RunAsync(read.Definition!.ToWorkflow());
        Assert.Empty(result.Incidents);
        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        return result;
    }

    [Fact]
    public async Task A_flow_request_continues_on_the_port_of_its_status_code()
    {
        var result = await ReadValidateAndRunAsync(FlowDefinition(server.Url("/json")));

        Assert.Equal(["ok 200 Ada"], _host.Lines);
        Assert.Equal(["200", "Done"], result.Journal.Single(r => r.ActivityId == "http1").Outcomes);
    }

    [Theory]
    [InlineData("/status/404", "missing")]
    [InlineData("/status/503", "unmatched 503")]
    public async Task Other_status_codes_take_their_ports(string path, string line)
    {
        await ReadValidateAndRunAsync(FlowDefinition(server.Url(path)));

        Assert.Equal([line], _host.Lines);
    }

    [Fact]
    public async Task A_refused_connection_takes_the_failed_to_connect_port()
    {
        await ReadValidateAndRunAsync(FlowDefinition(Requests.RefusedUrl()));

        Assert.Equal(["unreachable"], _host.Lines);
    }

    [Theory]
    [InlineData("/json", new[] { "got 200", "after" })]
    [InlineData("/status/500", new[] { "other status", "after" })]
    public async Task An_embedded_request_runs_the_activity_of_its_status_code_then_completes(string path, string[] lines)
    {
        await ReadValidateAndRunAsync(EmbeddedDefinition(server.Url(path)));

        Assert.Equal(lines, _host.Lines);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Both_definitions_are_written_back_unchanged(bool flow)
    {
        var json = flow ? FlowDefinition(server.Url("/json")) : EmbeddedDefinition(server.Url("/json"));
        static JsonNode Request(JsonNode document) => document["root"]!["activities"]!.AsArray().Single(a => (string?)a!["id"] == "http1")!;
        var original = Request(JsonNode.Parse(json)!);

        var written = Request(_host.Serializer.Write(_host.Serializer.Parse(json)));

        Assert.Equal(original.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal), written.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.True(JsonNode.DeepEquals(original, written), $"Expected {original.ToJsonString()}\nbut got {written.ToJsonString()}");
    }
}
