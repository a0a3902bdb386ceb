namespace IntellyHub.Server.Tests.Cli;

/// <summary>
/// A definition file as an Elsa 3.5 server's "Export" writes it (GET /elsa/api/workflow-definitions/{id}/export):
/// the bare model with <c>$schema</c> first, 16-hex ids, escaped characters (<c>\u002B</c>, <c>\u0022</c>), activity
/// inputs before the common fields, <c>null</c> outputs, designer metadata, connection vertices, the flowchart's
/// <c>notFoundConnections</c>, and fields IntellyHub only carries along (<c>materializerName</c>, <c>tenantId</c>).
/// </summary>
public static class ElsaExportFixture
{
    public const string DefinitionId = "5f3c9a1e7b2d4e60";

    /// <summary>Elsa's file name: <c>workflow-definition-{name-slug}-{definitionId}-{id}.json</c>.</summary>
    public const string FileName = "workflow-definition-approve-order-5f3c9a1e7b2d4e60-a81b2c3d4e5f6071.json";

    public const string Json =
        """
        {
          "$schema": "https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json",
          "id": "a81b2c3d4e5f6071",
          "definitionId": "5f3c9a1e7b2d4e60",
          "tenantId": null,
          "name": "Approve order",
          "description": "Orders above 100 need a \u0022manual\u0022 approval.",
          "createdAt": "2025-11-18T14:22:07.4391021\u002B00:00",
          "version": 4,
          "toolVersion": "3.5.2.0",
          "materializerName": "Json",
          "variables": [
            {
              "id": "9d1e3f5a7c9b2d4f",
              "name": "Approval",
              "typeName": "String",
              "isArray": false,
              "value": "pending",
              "storageDriverTypeName": "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core"
            }
          ],
          "inputs": [
            {
              "uiHint": "singleline",
              "storageDriverType": null,
              "type": "Decimal",
              "name": "Amount",
              "displayName": "Amount",
              "description": "The order total.",
              "category": "",
              "isArray": false
            }
          ],
          "outputs": [
            {
              "type": "String",
              "name": "Approval",
              "displayName": "Approval",
              "description": "manual or automatic",
              "category": "",
              "isArray": false
            }
          ],
          "outcomes": [],
          "customProperties": {
            "owner": "finance",
            "tags": ["orders", "approval"]
          },
          "isReadonly": false,
          "isSystem": false,
          "isLatest": true,
          "isPublished": true,
          "options": {
            "usableAsActivity": false,
            "autoUpdateConsumingWorkflows": false
          },
          "root": {
            "id": "3c5e7a9b1d2f4a6c",
            "nodeId": "Workflow1:3c5e7a9b1d2f4a6c",
            "name": "Flowchart1",
            "type": "Elsa.Flowchart",
            "version": 1,
            "customProperties": {
              "notFoundConnections": [],
              "canStartWorkflow": false,
              "runAsynchronously": false
            },
            "metadata": {},
            "activities": [
              {
                "id": "0a1b2c3d4e5f6a7b",
                "nodeId": "Workflow1:3c5e7a9b1d2f4a6c:0a1b2c3d4e5f6a7b",
                "name": "Start1",
                "type": "Elsa.Start",
                "version": 1,
                "customProperties": {
                  "canStartWorkflow": false,
                  "runAsynchronously": false
                },
                "metadata": {
                  "designer": {
                    "position": { "x": -420.5, "y": -60 },
                    "size": { "width": 101.15625, "height": 50 }
                  }
                }
              },
              {
                "condition": {
                  "typeName": "Boolean",
                  "expression": {
                    "type": "JavaScript",
                    "value": "getInput(\u0022Amount\u0022) \u003E 100"
                  }
                },
                "id": "1b2c3d4e5f6a7b8c",
                "nodeId": "Workflow1:3c5e7a9b1d2f4a6c:1b2c3d4e5f6a7b8c",
                "name": "Decision1",
                "type": "Elsa.FlowDecision",
                "version": 1,
                "customProperties": {
                  "canStartWorkflow": false,
                  "runAsynchronously": false
                },
                "metadata": {
                  "designer": {
                    "position": { "x": -180, "y": -60 },
                    "size": { "width": 139.890625, "height": 50 }
                  },
                  "displayText": "Amount over 100?"
                }
              },
              {
                "variable": {
                  "id": "9d1e3f5a7c9b2d4f",
                  "name": "Approval",
                  "typeName": "String",
                  "isArray": false,
                  "value": "pending",
                  "storageDriverTypeName": "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core"
                },
                "value": {
                  "typeName": "Object",
                  "expression": {
                    "type": "Literal",
                    "value": "manual"
                  }
                },
                "id": "2c3d4e5f6a7b8c9d",
                "nodeId": "Workflow1:3c5e7a9b1d2f4a6c:2c3d4e5f6a7b8c9d",
                "name": "SetManual",
                "type": "Elsa.SetVariable",
                "version": 1,
                "customProperties": {
                  "canStartWorkflow": false,
                  "runAsynchronously": false
                },
                "metadata": {
                  "designer": {
                    "position": { "x": 80, "y": -160 },
                    "size": { "width": 170.4375, "height": 50 }
                  }
                }
              },
              {
                "variable": {
                  "id": "9d1e3f5a7c9b2d4f",
                  "name": "Approval",
                  "typeName": "String",
                  "isArray": false,
                  "value": "pending",
                  "storageDriverTypeName": "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core"
                },
                "value": {
                  "typeName": "Object",
                  "expression": {
                    "type": "Literal",
                    "value": "automatic"
                  }
                },
                "id": "3d4e5f6a7b8c9d0e",
                "nodeId": "Workflow1:3c5e7a9b1d2f4a6c:3d4e5f6a7b8c9d0e",
                "name": "SetAutomatic",
                "type": "Elsa.SetVariable",
                "version": 1,
                "customProperties": {
                  "canStartWorkflow": false,
                  "runAsynchronously": false
                },
                "metadata": {
                  "designer": {
                    "position": { "x": 80, "y": 40 },
                    "size": { "width": 170.4375, "height": 50 }
                  }
                }
              },
              {
                "outputName": {
                  "typeName": "String",
                  "expression": {
                    "type": "Literal",
                    "value": "Approval"
                  }
                },
                "outputValue": {
                  "typeName": "Object",
                  "expression": {
                    "type": "JavaScript",
                    "value": "getApproval()"
                  }
                },
                "id": "4e5f6a7b8c9d0e1f",
                "nodeId": "Workflow1:3c5e7a9b1d2f4a6c:4e5f6a7b8c9d0e1f",
                "name": "SetOutput1",
                "type": "Elsa.SetOutput",
                "version": 1,
                "customProperties": {
                  "canStartWorkflow": false,
                  "runAsynchronously": false
                },
                "metadata": {
                  "designer": {
                    "position": { "x": 340, "y": -60 },
                    "size": { "width": 160.65625, "height": 50 }
                  }
                }
              },
              {
                "text": {
                  "typeName": "String",
                  "expression": {
                    "type": "Liquid",
                    "value": "Order of {{ Input.Amount }} \u2192 {{ Variables.Approval }} approval"
                  }
                },
                "id": "5f6a7b8c9d0e1f2a",
                "nodeId": "Workflow1:3c5e7a9b1d2f4a6c:5f6a7b8c9d0e1f2a",
                "name": "WriteLine1",
                "type": "Elsa.WriteLine",
                "version": 1,
                "customProperties": {
                  "canStartWorkflow": false,
                  "runAsynchronously": false
                },
                "metadata": {
                  "designer": {
                    "position": { "x": 580, "y": -60 },
                    "size": { "width": 150.921875, "height": 50 }
                  }
                }
              },
              {
                "id": "6a7b8c9d0e1f2a3b",
                "nodeId": "Workflow1:3c5e7a9b1d2f4a6c:6a7b8c9d0e1f2a3b",
                "name": "End1",
                "type": "Elsa.End",
                "version": 1,
                "customProperties": {
                  "canStartWorkflow": false,
                  "runAsynchronously": false
                },
                "metadata": {
                  "designer": {
                    "position": { "x": 800, "y": -60 },
                    "size": { "width": 101.15625, "height": 50 }
                  }
                }
              }
            ],
            "variables": [],
            "connections": [
              {
                "source": { "activity": "0a1b2c3d4e5f6a7b", "port": "Done" },
                "target": { "activity": "1b2c3d4e5f6a7b8c", "port": "In" },
                "vertices": []
              },
              {
                "source": { "activity": "1b2c3d4e5f6a7b8c", "port": "True" },
                "target": { "activity": "2c3d4e5f6a7b8c9d", "port": "In" },
                "vertices": [ { "x": -60, "y": -135 } ]
              },
              {
                "source": { "activity": "1b2c3d4e5f6a7b8c", "port": "False" },
                "target": { "activity": "3d4e5f6a7b8c9d0e", "port": "In" },
                "vertices": [ { "x": -60, "y": 65 } ]
              },
              {
                "source": { "activity": "2c3d4e5f6a7b8c9d", "port": "Done" },
                "target": { "activity": "4e5f6a7b8c9d0e1f", "port": "In" },
                "vertices": []
              },
              {
                "source": { "activity": "3d4e5f6a7b8c9d0e", "port": "Done" },
                "target": { "activity": "4e5f6a7b8c9d0e1f", "port": "In" },
                "vertices": []
              },
              {
                "source": { "activity": "4e5f6a7b8c9d0e1f", "port": "Done" },
                "target": { "activity": "5f6a7b8c9d0e1f2a", "port": "In" },
                "vertices": []
              },
              {
                "source": { "activity": "5f6a7b8c9d0e1f2a", "port": "Done" },
                "target": { "activity": "6a7b8c9d0e1f2a3b", "port": "In" },
                "vertices": []
              }
            ]
          }
        }
        """;
}
