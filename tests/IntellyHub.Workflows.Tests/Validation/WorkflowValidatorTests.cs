using IntellyHub.Workflows.Serialization;
using IntellyHub.Workflows.Tests.Testing;
using IntellyHub.Workflows.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace IntellyHub.Workflows.Tests.Validation;

public sealed class WorkflowValidatorTests
{
    private static IReadOnlyList<WorkflowProblem> Validate(string activitiesJson, string connectionsJson = "[]", string variablesJson = "[]")
    {
        using var host = new WorkflowTestHost();
        var json = $$"""
        { "variables": {{variablesJson}},
          "root": { "type": "Elsa.Flowchart", "version": 1, "id": "flow1", "activities": {{activitiesJson}}, "connections": {{connectionsJson}} } }
        """;
        var read = host.Serializer.Read(json);
        Assert.NotNull(read.Definition);
        return host.Services.GetRequiredService<WorkflowValidator>().Validate(read.Definition);
    }

    private static string Connection(string source, string port, string target) =>
        $$"""{ "source": { "activity": "{{source}}", "port": "{{port}}" }, "target": { "activity": "{{target}}", "port": "In" } }""";

    private static string Text(string type, string value) =>
        $$"""{ "typeName": "String", "expression": { "type": "{{type}}", "value": {{System.Text.Json.JsonSerializer.Serialize(value)}} } }""";

    [Fact]
    public void ValidDefinition_HasNoProblems()
    {
        var problems = Validate(
            $$"""
            [ { "type": "Elsa.Start", "version": 1, "id": "start1" },
              { "type": "Elsa.SetVariable", "version": 1, "id": "set1", "variable": { "id": "v1", "name": "Count", "typeName": "Int32" },
                "value": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "getCount() + 1" } } },
              { "type": "Elsa.FlowDecision", "version": 1, "id": "decide1",
                "condition": { "typeName": "Boolean", "expression": { "type": "Variable", "value": { "id": "v2", "name": "Flag" } } } },
              { "type": "Elsa.FlowSwitch", "version": 1, "id": "switch1",
                "cases": [ { "label": "A", "condition": { "type": "JavaScript", "value": "true" } } ] },
              { "type": "Elsa.WriteLine", "version": 1, "id": "write1", "text": {{Text("Liquid", "{{ Variables.Count }}")}} },
              { "type": "Elsa.RunJavaScript", "version": 1, "id": "js1", "script": {{Text("Literal", "setOutcome('Yes'); 1")}},
                "result": { "typeName": "Object", "memoryReference": { "id": "v1" } } },
              { "type": "Elsa.SetOutput", "version": 1, "id": "out1", "outputName": {{Text("Literal", "Answer")}} },
              { "type": "Elsa.End", "version": 1, "id": "end1" } ]
            """,
            $"[{Connection("start1", "Done", "set1")}, {Connection("set1", "Done", "decide1")}, {Connection("decide1", "True", "switch1")}, " +
            $"{Connection("decide1", "False", "write1")}, {Connection("switch1", "A", "js1")}, {Connection("switch1", "Default", "out1")}, " +
            $"{Connection("js1", "Yes", "end1")}, {Connection("write1", "Done", "end1")}]",
            """[ { "id": "v1", "name": "Count", "typeName": "Int32", "value": "0" }, { "id": "v2", "name": "Flag", "typeName": "Boolean", "value": "true" } ]""");

        Assert.Empty(problems);
    }

    [Fact]
    public void DuplicateIds_AreReported()
    {
        var problems = Validate("""
            [ { "type": "Elsa.Start", "version": 1, "id": "same" },
              { "type": "Elsa.WriteLine", "version": 1, "id": "same" } ]
            """);

        var problem = Assert.Single(problems);
        Assert.Equal(WorkflowProblemCodes.DuplicateActivityId, problem.Code);
        Assert.Equal("same", problem.ActivityId);
    }

    [Fact]
    public void DuplicateIds_InNestedActivities_AreReported()
    {
        var problems = Validate("""
            [ { "type": "Elsa.ForEach", "version": 1, "id": "loop", "body": { "type": "Elsa.WriteLine", "version": 1, "id": "loop" } } ]
            """);

        Assert.Equal("loop", Assert.Single(problems, p => p.Code == WorkflowProblemCodes.DuplicateActivityId).ActivityId);
    }

    [Fact]
    public void DanglingConnections_AreReported()
    {
        var problems = Validate(
            """[ { "type": "Elsa.Start", "version": 1, "id": "start1" } ]""",
            $"[{Connection("start1", "Done", "ghost")}, {Connection("phantom", "Done", "start1")}]");

        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Equal(WorkflowProblemCodes.DanglingConnection, p.Code));
        Assert.All(problems, p => Assert.Equal("flow1", p.ActivityId));
        Assert.Contains(problems, p => p.Message.Contains("'ghost'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message.Contains("'phantom'", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownPorts_AreReported_OnTheSourceActivity()
    {
        var problems = Validate(
            """
            [ { "type": "Elsa.FlowDecision", "version": 1, "id": "decide1" },
              { "type": "Elsa.WriteLine", "version": 1, "id": "write1" },
              { "type": "Elsa.WriteLine", "version": 1, "id": "write2" } ]
            """,
            $"[{Connection("decide1", "Maybe", "write1")}, {Connection("write1", "Failed", "write2")}, {Connection("decide1", "True", "write2")}]");

        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Equal(WorkflowProblemCodes.UnknownPort, p.Code));
        Assert.Contains(problems, p => p.ActivityId == "decide1" && p.Message.Contains("'Maybe'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.ActivityId == "write1" && p.Message.Contains("'Failed'", StringComparison.Ordinal));
    }

    [Fact]
    public void DynamicPorts_AreNotChecked()
    {
        var problems = Validate(
            """
            [ { "type": "Elsa.FlowSwitch", "version": 1, "id": "switch1", "cases": [ { "label": "A", "condition": { "type": "Literal", "value": "true" } } ] },
              { "type": "Elsa.RunJavaScript", "version": 1, "id": "js1" },
              { "type": "Elsa.WriteLine", "version": 1, "id": "write1" } ]
            """,
            $"[{Connection("switch1", "A", "js1")}, {Connection("js1", "Whatever", "write1")}]");

        Assert.Empty(problems);
    }

    [Fact]
    public void MissingRequiredInputs_AreReported()
    {
        var problems = Validate("""
            [ { "type": "Elsa.SetOutput", "version": 1, "id": "out1" },
              { "type": "Elsa.Event", "version": 1, "id": "event1", "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "  " } } },
              { "type": "Elsa.SetVariable", "version": 1, "id": "set1" },
              { "type": "Elsa.ExecuteWorkflow", "version": 1, "id": "exec1", "workflowDefinitionId": { "typeName": "String", "expression": { "type": "JavaScript", "value": "" } } } ]
            """);

        Assert.All(problems, p => Assert.Equal(WorkflowProblemCodes.MissingRequiredInput, p.Code));
        Assert.Equal(["event1", "exec1", "out1", "set1"], problems.Select(p => p.ActivityId!).Order());
        Assert.Contains(problems, p => p.ActivityId == "out1" && p.Message.Contains("'OutputName'", StringComparison.Ordinal));
    }

    [Fact]
    public void JavaScriptSyntaxErrors_AreReported()
    {
        var problems = Validate($$"""
            [ { "type": "Elsa.WriteLine", "version": 1, "id": "write1", "text": {{Text("JavaScript", "'a' +* 2")}} },
              { "type": "Elsa.RunJavaScript", "version": 1, "id": "js1", "script": {{Text("Literal", "function (")}} },
              { "type": "Elsa.FlowSwitch", "version": 1, "id": "switch1", "cases": [ { "label": "A", "condition": { "type": "JavaScript", "value": "if (" } } ] },
              { "type": "Elsa.WriteLine", "version": 1, "id": "write2", "text": {{Text("JavaScript", "'fine'")}} } ]
            """);

        Assert.Equal(3, problems.Count);
        Assert.All(problems, p => Assert.Equal(WorkflowProblemCodes.ExpressionSyntax, p.Code));
        Assert.Equal(["js1", "switch1", "write1"], problems.Select(p => p.ActivityId!).Order());
        Assert.All(problems, p => Assert.Contains("JavaScript syntax error", p.Message, StringComparison.Ordinal));
        Assert.Contains(problems, p => p.ActivityId == "switch1" && p.Message.Contains("case 'A'", StringComparison.Ordinal));
    }

    [Fact]
    public void LiquidAndJsonSyntaxErrors_AreReported()
    {
        var problems = Validate($$"""
            [ { "type": "Elsa.WriteLine", "version": 1, "id": "write1", "text": {{Text("Liquid", "{% if x %}")}} },
              { "type": "Elsa.SetOutput", "version": 1, "id": "out1", "outputName": {{Text("Literal", "A")}},
                "outputValue": { "typeName": "Object", "expression": { "type": "Object", "value": "{\"a\":" } } } ]
            """);

        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Equal(WorkflowProblemCodes.ExpressionSyntax, p.Code));
        Assert.Equal(["out1", "write1"], problems.Select(p => p.ActivityId!).Order());
    }

    [Fact]
    public void UnknownExpressionSyntax_IsReported()
    {
        var problems = Validate($$"""
            [ { "type": "Elsa.WriteLine", "version": 1, "id": "write1", "text": {{Text("Python", "'x' * 3")}} },
              { "type": "Elsa.FlowSwitch", "version": 1, "id": "switch1", "cases": [ { "label": "A", "condition": { "type": "CSharp", "value": "true" } } ] } ]
            """);

        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Equal(WorkflowProblemCodes.UnknownExpressionSyntax, p.Code));
        Assert.Contains(problems, p => p.ActivityId == "write1" && p.Message.Contains("'Python'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.ActivityId == "switch1" && p.Message.Contains("'CSharp'", StringComparison.Ordinal));
    }

    [Fact]
    public void UndeclaredVariables_AreReported()
    {
        var problems = Validate(
            """
            [ { "type": "Elsa.WriteLine", "version": 1, "id": "write1", "text": { "typeName": "String", "expression": { "type": "Variable", "value": "Missing" } } },
              { "type": "Elsa.WriteLine", "version": 1, "id": "write2", "text": { "typeName": "String", "expression": { "type": "Variable", "value": { "id": "gone", "name": "Gone" } } } },
              { "type": "Elsa.SetVariable", "version": 1, "id": "set1", "variable": { "id": "nope", "name": "Nope", "typeName": "Int32" } },
              { "type": "Elsa.RunJavaScript", "version": 1, "id": "js1", "result": { "typeName": "Object", "memoryReference": { "id": "unbound" } } },
              { "type": "Elsa.WriteLine", "version": 1, "id": "write3", "text": { "typeName": "String", "expression": { "type": "Variable", "value": "Known" } } } ]
            """,
            variablesJson: """[ { "id": "k1", "name": "Known", "typeName": "String" } ]""");

        Assert.All(problems, p => Assert.Equal(WorkflowProblemCodes.UnknownVariable, p.Code));
        Assert.Equal(["js1", "set1", "write1", "write2"], problems.Select(p => p.ActivityId!).Order());
        Assert.Contains(problems, p => p.ActivityId == "write2" && p.Message.Contains("'gone'", StringComparison.Ordinal));
    }

    [Fact]
    public void VariablesDeclaredOnContainers_Count()
    {
        using var host = new WorkflowTestHost();
        var read = host.Serializer.Read("""
            { "root": { "type": "Elsa.Sequence", "version": 1, "id": "seq",
                "variables": [ { "id": "local", "name": "Local", "typeName": "String" } ],
                "activities": [ { "type": "Elsa.WriteLine", "version": 1, "id": "write1",
                  "text": { "typeName": "String", "expression": { "type": "Variable", "value": "Local" } } } ] } }
            """);

        Assert.Empty(host.Services.GetRequiredService<WorkflowValidator>().Validate(read.Definition!));
    }

    [Fact]
    public void UnknownActivityType_IsReported()
    {
        var problems = Validate("""[ { "type": "Acme.SendFax", "version": 1, "id": "fax1" } ]""");

        var problem = Assert.Single(problems);
        Assert.Equal(WorkflowProblemCodes.UnknownActivityType, problem.Code);
        Assert.Equal("fax1", problem.ActivityId);
    }
}
