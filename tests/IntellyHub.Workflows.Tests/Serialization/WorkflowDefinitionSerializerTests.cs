using System.Text.Json.Nodes;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Expressions;
using IntellyHub.Workflows.Flow;
using IntellyHub.Workflows.Serialization;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Serialization;

public sealed class WorkflowDefinitionSerializerTests
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Serialization", "Fixtures", name));

    private static (WorkflowDefinition Definition, JsonObject Written) RoundTrip(WorkflowTestHost host, string json)
    {
        var result = host.Serializer.Read(json);
        Assert.NotNull(result.Definition);
        return (result.Definition, host.Serializer.Write(result.Definition));
    }

    [Theory]
    [InlineData("flowchart-order.json")]
    [InlineData("sequence-root.json")]
    public void RoundTrip_CompleteDefinition_IsUnchanged(string fixture)
    {
        using var host = new WorkflowTestHost();
        var json = Fixture(fixture);

        var result = host.Serializer.Read(json);
        Assert.Empty(result.Problems);
        var written = host.Serializer.Write(result.Definition!);

        JsonAssert.Equal(JsonNode.Parse(json), written);
    }

    [Theory]
    [InlineData("flowchart-order.json")]
    [InlineData("sequence-root.json")]
    [InlineData("studio-create.json")]
    [InlineData("studio-dropped.json")]
    [InlineData("unknown-activity.json")]
    public void RoundTrip_IsStable_WhenReadAgain(string fixture)
    {
        using var host = new WorkflowTestHost();
        var (_, first) = RoundTrip(host, Fixture(fixture));

        var (_, second) = RoundTrip(host, first.ToJsonString());

        JsonAssert.Equal(first, second);
    }

    [Fact]
    public void RoundTrip_SerializeText_ParsesToTheSameDocument()
    {
        using var host = new WorkflowTestHost();
        var json = Fixture("flowchart-order.json");
        var definition = host.Serializer.Parse(json);

        JsonAssert.Equal(JsonNode.Parse(json), JsonNode.Parse(host.Serializer.Serialize(definition, indented: true)));
    }

    [Fact]
    public void Read_FlowchartFixture_BuildsTheModel()
    {
        using var host = new WorkflowTestHost();
        var definition = host.Serializer.Parse(Fixture("flowchart-order.json"));

        Assert.Equal("wf-order", definition.DefinitionId);
        Assert.Equal("fc465cf895230ff3", definition.Id);
        Assert.Equal(3, definition.Version);
        Assert.Equal(["Counter", "Lines", "CurrentLine"], definition.Variables.Select(v => v.Name));
        Assert.True(definition.Variables[1].IsArray);
        var flowchart = Assert.IsType<Flowchart>(definition.Root);
        Assert.Equal(9, flowchart.Activities.Count);
        Assert.Equal(8, flowchart.Connections.Count);
        var setVariable = Assert.IsType<SetVariable>(flowchart.Activities[1]);
        Assert.Equal("b1198ecccf3f435a", setVariable.Variable!.Id);
        Assert.Equal(ExpressionSyntax.JavaScript, setVariable.Value!.Expression.Type);
        var flowSwitch = Assert.IsType<FlowSwitch>(flowchart.Activities[3]);
        Assert.Equal(["Big", "Huge", "Never"], flowSwitch.Cases.Select(c => c.Label));
        Assert.Equal(ExpressionSyntax.Liquid, flowSwitch.Cases[1].Condition.Type);
        var forEach = Assert.IsType<IntellyHub.Workflows.Activities.Looping.ForEach>(flowchart.Activities[6]);
        Assert.Equal("d3f0a9c8b7e64a22", forEach.CurrentValue.MemoryReferenceId);
        var body = Assert.IsType<Flowchart>(forEach.Body);
        Assert.Equal("Workflow1:d4f32ee0ad659ba5:3c4d5e6f70819203:b07170f2d68980cd:70fc1183cd5800f2", body.Activities[0].NodeId);
        Assert.Equal(-420.5, (double)flowchart.Activities[0].Metadata!["designer"]!["position"]!["x"]!);
        Assert.Equal(ExpressionSyntax.Variable, forEach.Items!.Expression.Type);
    }

    [Fact]
    public async Task Read_SequenceFixture_Runs()
    {
        using var host = new WorkflowTestHost();
        var definition = host.Serializer.Parse(Fixture("sequence-root.json"));
        Assert.Equal(IncidentStrategy.ContinueWithIncidents, definition.IncidentStrategy);

        var result = await host.RunAsync(definition.ToWorkflow());

        // For runs its Delay body: the workflow suspends on the first delay after writing both lines.
        Assert.Equal(WorkflowSubStatus.Suspended, result.SubStatus);
        Assert.Equal(["Starting", "Yes"], host.Lines);
    }

    [Fact]
    public void StudioCreate_AssignsNodeIds_AndWritesEmptyCollections()
    {
        using var host = new WorkflowTestHost();
        var json = Fixture("studio-create.json");

        var (_, written) = RoundTrip(host, json);

        // Documented differences: the root gets its node id, and the flowchart's collections are written out.
        var expected = JsonNode.Parse(json)!.AsObject();
        var root = expected["root"]!.AsObject();
        root["nodeId"] = "Workflow1:6fb95a54cb52e9d0";
        root["activities"] = new JsonArray();
        root["connections"] = new JsonArray();
        root["variables"] = new JsonArray();
        JsonAssert.Equal(expected, written);
    }

    [Fact]
    public void StudioDroppedActivities_GetNodeIds_EverythingElseUnchanged()
    {
        using var host = new WorkflowTestHost();
        var json = Fixture("studio-dropped.json");

        var (_, written) = RoundTrip(host, json);

        var expected = JsonNode.Parse(json)!.AsObject();
        var root = expected["root"]!.AsObject();
        root["nodeId"] = "Workflow1:6fb95a54cb52e9d0";
        root["activities"]![0]!["nodeId"] = "Workflow1:6fb95a54cb52e9d0:e1f2a3b4c5d6e7f8";
        root["activities"]![1]!["nodeId"] = "Workflow1:6fb95a54cb52e9d0:f2a3b4c5d6e7f809";
        JsonAssert.Equal(expected, written);
    }

    [Fact]
    public void MissingIds_AreAssigned_AndNodeIdsFollowTheTree()
    {
        using var host = new WorkflowTestHost();
        var json = """
        { "root": { "type": "Elsa.Flowchart", "version": 1, "activities": [
            { "type": "Elsa.WriteLine", "version": 1 },
            { "type": "Elsa.WriteLine", "version": 1, "id": "writeLine1" },
            { "type": "Elsa.ForEach", "version": 1, "id": "loop", "body": { "type": "Elsa.Sequence", "version": 1, "activities": [ { "type": "Elsa.End", "version": 1 } ] } } ] } }
        """;

        var (definition, written) = RoundTrip(host, json);

        var flowchart = Assert.IsType<Flowchart>(definition.Root);
        Assert.False(string.IsNullOrEmpty(flowchart.Id));
        Assert.Equal($"Workflow1:{flowchart.Id}", flowchart.NodeId);
        var ids = definition.ToWorkflow().Graph.Activities.Select(a => a.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.False(string.IsNullOrEmpty(id)));
        Assert.NotEqual("writeLine1", flowchart.Activities[0].Id);
        var loop = flowchart.Activities[2];
        var sequence = Assert.IsType<Sequence>(written["root"]!["activities"]![2]!["body"] is not null ? ((IntellyHub.Workflows.Activities.Looping.ForEach)loop).Body : null);
        Assert.Equal($"Workflow1:{flowchart.Id}:loop:{sequence.Id}", sequence.NodeId);
        Assert.Equal($"{sequence.NodeId}:{sequence.Activities[0].Id}", sequence.Activities[0].NodeId);
        Assert.Equal(flowchart.Activities[0].Id, (string)written["root"]!["activities"]![0]!["id"]!);
        Assert.Equal(sequence.Activities[0].NodeId, (string)written["root"]!["activities"]![2]!["body"]!["activities"]![0]!["nodeId"]!);
    }

    [Fact]
    public void WrongNodeIds_AreCorrected()
    {
        using var host = new WorkflowTestHost();

        var (definition, _) = RoundTrip(host, """
        { "root": { "type": "Elsa.Flowchart", "version": 1, "id": "f1", "nodeId": "stale", "activities": [
            { "type": "Elsa.Start", "version": 1, "id": "s1", "nodeId": "Workflow1:old:s1" } ] } }
        """);

        Assert.Equal("Workflow1:f1", definition.Root.NodeId);
        Assert.Equal("Workflow1:f1:s1", ((Flowchart)definition.Root).Activities[0].NodeId);
    }

    [Fact]
    public void UnknownActivityType_IsKeptWhole_ReportedAndWrittenBackUnchanged()
    {
        using var host = new WorkflowTestHost();
        var json = Fixture("unknown-activity.json");

        var result = host.Serializer.Read(json);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(WorkflowProblemCodes.UnknownActivityType, problem.Code);
        Assert.Equal("fax1", problem.ActivityId);
        Assert.Contains("Acme.SendFax", problem.Message, StringComparison.Ordinal);
        var flowchart = Assert.IsType<Flowchart>(result.Definition!.Root);
        var unknown = Assert.IsType<UnknownActivity>(flowchart.Activities[1]);
        Assert.Equal("Acme.SendFax", unknown.Type);
        Assert.Equal(4, unknown.Version);
        Assert.Equal("fax1", unknown.Id);
        JsonAssert.Equal(JsonNode.Parse(json), host.Serializer.Write(result.Definition));
    }

    [Fact]
    public async Task UnknownActivity_FaultsWhenRun()
    {
        using var host = new WorkflowTestHost();
        var definition = host.Serializer.Read(Fixture("unknown-activity.json")).Definition!;

        var result = await host.RunAsync(definition.ToWorkflow());

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        var incident = Assert.Single(result.Incidents);
        Assert.Equal("fax1", incident.ActivityId);
        Assert.Contains("Acme.SendFax", incident.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownActivity_WithoutId_GetsIdAndNodeId()
    {
        using var host = new WorkflowTestHost();

        var (definition, written) = RoundTrip(host, """{ "root": { "type": "Elsa.Sequence", "version": 1, "id": "seq", "activities": [ { "type": "Acme.Thing", "version": 1, "x": 1 } ] } }""");

        var unknown = ((Sequence)definition.Root).Activities[0];
        Assert.False(string.IsNullOrEmpty(unknown.Id));
        var json = written["root"]!["activities"]![0]!;
        Assert.Equal(unknown.Id, (string)json["id"]!);
        Assert.Equal($"Workflow1:seq:{unknown.Id}", (string)json["nodeId"]!);
        Assert.Equal(1, (int)json["x"]!);
    }

    [Fact]
    public void ActivityWithoutType_IsReported()
    {
        using var host = new WorkflowTestHost();

        var result = host.Serializer.Read("""{ "root": { "type": "Elsa.Sequence", "version": 1, "id": "seq", "activities": [ { "id": "odd" } ] } }""");

        var problem = Assert.Single(result.Problems);
        Assert.Equal(WorkflowProblemCodes.UnknownActivityType, problem.Code);
        Assert.Equal("odd", problem.ActivityId);
    }

    [Theory]
    [InlineData("{\n  \"root\": {\n    \"type\": \"Elsa.Start\",,\n  }\n}", 3)]
    [InlineData("{ \"root\": { \"type\": \"Elsa.Start\" }", 1)]
    [InlineData("{\n\"a\": 1\n\"b\": 2 }", 3)]
    public void MalformedJson_IsReportedWithLineAndColumn(string json, int line)
    {
        using var host = new WorkflowTestHost();

        var result = host.Serializer.Read(json);

        Assert.Null(result.Definition);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(WorkflowProblemCodes.InvalidJson, problem.Code);
        Assert.Equal(line, problem.Line);
        Assert.True(problem.Column >= 1);
        Assert.Contains($"line {line}, column {problem.Column}", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedJson_ColumnPointsAtTheError()
    {
        using var host = new WorkflowTestHost();

        var problem = Assert.Single(host.Serializer.Read("{\n  \"a\": tru\n}").Problems);

        Assert.Equal(2, problem.Line);
        Assert.InRange(problem.Column!.Value, 8, 11);
    }

    [Fact]
    public void Parse_MalformedJson_Throws()
    {
        using var host = new WorkflowTestHost();

        var exception = Assert.Throws<WorkflowDefinitionException>(() => host.Serializer.Parse("[1,"));

        Assert.Equal(WorkflowProblemCodes.InvalidJson, Assert.Single(exception.Problems).Code);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("{ \"name\": \"no root\" }")]
    public void NotADefinition_IsReported(string json)
    {
        using var host = new WorkflowTestHost();

        var result = host.Serializer.Read(json);

        Assert.Null(result.Definition);
        Assert.Equal(WorkflowProblemCodes.InvalidDocument, Assert.Single(result.Problems).Code);
    }

    [Fact]
    public void BareRootActivity_IsReadAsDefinition()
    {
        using var host = new WorkflowTestHost();

        var result = host.Serializer.Read("""{ "type": "Elsa.WriteLine", "version": 1, "id": "w", "text": "hi" }""");

        Assert.Empty(result.Problems);
        var write = Assert.IsType<WriteLine>(result.Definition!.Root);
        Assert.Equal("hi", write.Text!.Expression.Value);
    }

    [Fact]
    public async Task LegacyConnectionShape_IsRead()
    {
        using var host = new WorkflowTestHost();
        var json = """
        { "root": { "type": "Elsa.Flowchart", "version": 1, "id": "f", "activities": [
            { "type": "Elsa.Start", "version": 1, "id": "Start1" },
            { "type": "Elsa.FlowDecision", "version": 1, "id": "FlowDecision1",
              "condition": { "typeName": "Boolean", "expression": { "type": "Literal", "value": "true" } } },
            { "type": "Elsa.WriteLine", "version": 1, "id": "WriteLine3", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "yes" } } },
            { "type": "Elsa.WriteLine", "version": 1, "id": "WriteLine4", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "no" } } } ],
          "connections": [
            { "source": "Start1", "target": "FlowDecision1", "sourcePort": "Done", "targetPort": "In" },
            { "source": "FlowDecision1", "target": "WriteLine3", "sourcePort": "True", "targetPort": "In" },
            { "Source": { "Activity": "FlowDecision1", "Port": "False" }, "Target": { "Activity": "WriteLine4", "Port": "In" } } ] } }
        """;

        var (definition, written) = RoundTrip(host, json);

        var flowchart = Assert.IsType<Flowchart>(definition.Root);
        Assert.Equal(3, flowchart.Connections.Count);
        Assert.Equal(new Endpoint("FlowDecision1", "True"), flowchart.Connections[1].Source);
        Assert.Equal(new Endpoint("WriteLine3", "In"), flowchart.Connections[1].Target);
        Assert.Equal(new Endpoint("FlowDecision1", "False"), flowchart.Connections[2].Source);
        // Written in the current shape.
        JsonAssert.Equal(
            JsonNode.Parse("""{ "source": { "activity": "FlowDecision1", "port": "True" }, "target": { "activity": "WriteLine3", "port": "In" } }"""),
            written["root"]!["connections"]![1]);
        var result = await host.RunAsync(definition.ToWorkflow());
        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["yes"], host.Lines);
    }

    [Fact]
    public void BarePrimitiveInput_IsReadAsLiteral()
    {
        using var host = new WorkflowTestHost();

        var definition = host.Serializer.Parse("""{ "root": { "type": "Elsa.Delay", "version": 1, "id": "d", "timeSpan": "00:00:05" } }""");

        var delay = Assert.IsType<IntellyHub.Workflows.Activities.Scheduling.Delay>(definition.Root);
        Assert.Equal(ExpressionSyntax.Literal, delay.TimeSpan.Expression.Type);
        Assert.Equal("00:00:05", delay.TimeSpan.Expression.Value);
    }

    [Fact]
    public void Write_CodeBuiltWorkflow_HasElsaShape()
    {
        using var host = new WorkflowTestHost();
        var counter = new Variable("v1", "Counter", "Int32", 0);
        var flowchart = new Flowchart(
            [new Start { Id = "start1" }, new SetVariable(counter, Input<object?>.JavaScript("getCounter() + 1")) { Id = "set1" }, new WriteLine("hi") { Id = "write1" }],
            [new Connection("start1", "Done", "set1"), new Connection("set1", "Done", "write1")]) { Id = "flow1" };
        var definition = new WorkflowDefinition(flowchart, [counter]) { DefinitionId = "wf", Name = "Built" };
        _ = definition.ToWorkflow().Graph;

        var json = host.Serializer.Write(definition);

        JsonAssert.Equal(JsonNode.Parse("""
        { "definitionId": "wf", "name": "Built",
          "variables": [ { "id": "v1", "name": "Counter", "typeName": "Int32", "value": "0",
                           "storageDriverTypeName": "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core" } ],
          "root": { "id": "flow1", "nodeId": "Workflow1:flow1", "type": "Elsa.Flowchart", "version": 1,
            "activities": [
              { "id": "start1", "nodeId": "Workflow1:flow1:start1", "type": "Elsa.Start", "version": 1 },
              { "id": "set1", "nodeId": "Workflow1:flow1:set1", "type": "Elsa.SetVariable", "version": 1,
                "variable": { "id": "v1", "name": "Counter", "typeName": "Int32", "value": "0",
                              "storageDriverTypeName": "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core" },
                "value": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "getCounter() + 1" } } },
              { "id": "write1", "nodeId": "Workflow1:flow1:write1", "type": "Elsa.WriteLine", "version": 1,
                "text": { "typeName": "String", "expression": { "type": "Literal", "value": "hi" } } } ],
            "connections": [
              { "source": { "activity": "start1", "port": "Done" }, "target": { "activity": "set1", "port": "In" } },
              { "source": { "activity": "set1", "port": "Done" }, "target": { "activity": "write1", "port": "In" } } ],
            "variables": [] } }
        """), json);
    }

    [Fact]
    public void InvalidNonWrappedValue_IsReportedWithActivityId()
    {
        using var host = new WorkflowTestHost();

        var result = host.Serializer.Read("""{ "root": { "type": "Elsa.FlowSwitch", "version": 1, "id": "sw1", "cases": 5 } }""");

        var problem = Assert.Single(result.Problems);
        Assert.Equal(WorkflowProblemCodes.InvalidValue, problem.Code);
        Assert.Equal("sw1", problem.ActivityId);
    }

    [Fact]
    public void UnknownVariableType_IsReported()
    {
        using var host = new WorkflowTestHost();

        var result = host.Serializer.Read("""{ "variables": [ { "id": "v", "name": "V", "typeName": "Acme.Money" } ], "root": { "type": "Elsa.Sequence", "version": 1, "id": "s" } }""");

        Assert.Equal(WorkflowProblemCodes.InvalidValue, Assert.Single(result.Problems).Code);
    }

    [Theory]
    [InlineData("Int32?")]
    [InlineData("Long")]
    [InlineData("JSON")]
    [InlineData("StringMap")]
    [InlineData("ObjectMap")]
    [InlineData("List<String>")]
    [InlineData("IEnumerable<Int32>")]
    [InlineData("String[]")]
    public void ElsaTypeAliases_AreUnderstood(string typeName)
    {
        using var host = new WorkflowTestHost();

        var result = host.Serializer.Read($$"""{ "variables": [ { "id": "v", "name": "V", "typeName": "{{typeName}}" } ], "root": { "type": "Elsa.Sequence", "version": 1, "id": "s" } }""");

        Assert.Empty(result.Problems);
    }
}
