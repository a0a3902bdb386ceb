using System.Text;
using System.Text.Json;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Activities.Http.Tests.Endpoints;

/// <summary>A definition in the shape Elsa 3 writes (type names, wrapped inputs, Elsa's extra inputs) imports and runs unchanged.</summary>
public sealed class ElsaHttpFlowTests
{
    internal const string Definition = """
    {
      "id": "v1", "definitionId": "orders-api", "name": "Orders API", "version": 1, "isLatest": true, "isPublished": true,
      "variables": [ { "id": "orderVar", "name": "Order", "typeName": "Object", "isArray": false, "value": null,
                       "storageDriverTypeName": "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core" } ],
      "root": {
        "type": "Elsa.Flowchart", "version": 1, "id": "flowchart1", "nodeId": "Workflow1:flowchart1",
        "activities": [
          {
            "type": "Elsa.HttpEndpoint", "version": 1, "id": "endpoint1", "nodeId": "Workflow1:flowchart1:endpoint1",
            "customProperties": { "canStartWorkflow": true, "runAsynchronously": false },
            "path": { "typeName": "String", "expression": { "type": "Literal", "value": "orders/{id}" } },
            "supportedMethods": { "typeName": "String[]", "expression": { "type": "Object", "value": "[\"POST\"]" } },
            "authorize": { "typeName": "Boolean", "expression": { "type": "Literal", "value": "false" } },
            "policy": { "typeName": "String", "expression": { "type": "Literal", "value": "" } },
            "requestTimeout": null,
            "requestSizeLimit": null,
            "fileSizeLimit": null,
            "exposeRequestTooLargeOutcome": false,
            "parsedContent": { "typeName": "Object", "memoryReference": { "id": "orderVar" } },
            "result": null, "files": null, "file": null, "routeData": null, "queryStringData": null, "headers": null
          },
          {
            "type": "Elsa.SetVariable", "version": 1, "id": "set1", "nodeId": "Workflow1:flowchart1:set1",
            "variable": { "id": "orderVar", "name": "Order", "typeName": "Object" },
            "value": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "({ id: getOutputFrom('endpoint1', 'RouteData').id, qty: getOrder().qty * 2 })" } }
          },
          {
            "type": "Elsa.WriteHttpResponse", "version": 1, "id": "reply1", "nodeId": "Workflow1:flowchart1:reply1",
            "statusCode": { "typeName": "System.Net.HttpStatusCode, System.Net.Primitives", "expression": { "type": "Literal", "value": "Created" } },
            "content": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "getOrder()" } },
            "contentType": { "typeName": "String", "expression": { "type": "Literal", "value": "application/json" } },
            "responseHeaders": { "typeName": "Elsa.Http.HttpHeaders, Elsa.Http", "expression": { "type": "Object", "value": "{\"x-handled-by\":\"flow\"}" } }
          }
        ],
        "connections": [
          { "source": { "activity": "endpoint1", "port": "Done" }, "target": { "activity": "set1", "port": "In" }, "vertices": [] },
          { "source": { "activity": "set1", "port": "Done" }, "target": { "activity": "reply1", "port": "In" }, "vertices": [] }
        ]
      }
    }
    """;

    [Fact]
    public async Task ElsaDefinition_RunsFromTheTrigger_AndAnswers()
    {
        using var host = new HttpActivityTestHost();
        var workflow = host.Load(Definition);
        var request = HttpActivityTestHost.Request("POST", "orders/7", JsonSerializer.Deserialize<JsonElement>("""{"qty":3}"""));
        var response = new RecordingResponse();

        var result = await host.RunAsync(workflow, request, response, "endpoint1");

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        var written = Assert.Single(response.Written);
        Assert.Equal(201, written.StatusCode);
        Assert.Equal("application/json", written.ContentType);
        Assert.Equal(["flow"], written.Headers["x-handled-by"]);
        using var json = JsonDocument.Parse(written.Body);
        Assert.Equal("7", json.RootElement.GetProperty("id").GetString());
        Assert.Equal(6, json.RootElement.GetProperty("qty").GetInt32());
        Assert.Contains("\"qty\":6", Encoding.UTF8.GetString(written.Body.Span), StringComparison.Ordinal);
    }
}
