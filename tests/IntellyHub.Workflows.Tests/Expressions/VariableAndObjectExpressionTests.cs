using System.Text.Json.Nodes;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Expressions;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Expressions;

public sealed class VariableAndObjectExpressionTests
{
    private static List<Variable> Variables() =>
    [
        new("v-count", "Count", "Int32", "41"),
        new("v-name", "CustomerName", "String", "Ada"),
    ];

    [Fact]
    public async Task Object_EvaluatedAgain_GivesAFreshValue()
    {
        using var host = new WorkflowTestHost();
        var expression = Expression.Object("""{ "tags": ["a"], "n": 1 }""");

        var first = Assert.IsType<Dictionary<string, object?>>(await ExpressionRunner.EvaluateAsync(host, expression, typeof(object)));
        ((List<object?>)first["tags"]!).Add("changed");
        first["n"] = 2;
        var second = Assert.IsType<Dictionary<string, object?>>(await ExpressionRunner.EvaluateAsync(host, expression, typeof(object)));

        Assert.Equal(["a"], (List<object?>)second["tags"]!);
        Assert.Equal(1, second["n"]);
        Assert.Equal(["x", "y"], Assert.IsType<string[]>(await ExpressionRunner.EvaluateAsync(host, Expression.Object("""["x", "y"]"""), typeof(string[]))));
    }

    [Fact]
    public async Task Object_StringArray_AsStringCollection_FreshListEachTime()
    {
        using var host = new WorkflowTestHost();
        var expression = Expression.Object("""["GET", null, "post"]""");

        var first = Assert.IsAssignableFrom<ICollection<string>>(await ExpressionRunner.EvaluateAsync(host, expression, typeof(ICollection<string>)));
        first.Add("changed");
        var second = Assert.IsAssignableFrom<IReadOnlyList<string?>>(await ExpressionRunner.EvaluateAsync(host, expression, typeof(IReadOnlyList<string>)));

        Assert.Equal(new string?[] { "GET", null, "post" }, second);
        Assert.Equal(new string?[] { "GET", null, "post" }, Assert.IsType<string[]>(await ExpressionRunner.EvaluateAsync(host, expression, typeof(string[]))));
        // Items that are not strings are left to the serializer, as before: it refuses a number where a string is expected.
        var incident = await ExpressionRunner.FailAsync(host, Expression.Object("[1, 2]"), typeof(ICollection<string>));
        Assert.Contains("String", incident.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Variable_ByName_ReadsValue()
    {
        using var host = new WorkflowTestHost();

        Assert.Equal(41, await ExpressionRunner.EvaluateAsync(host, Expression.Variable("Count"), typeof(int), Variables()));
    }

    [Fact]
    public async Task Variable_ById_ReadsValue()
    {
        using var host = new WorkflowTestHost();

        Assert.Equal("Ada", await ExpressionRunner.EvaluateAsync(host, Expression.Variable("v-name"), typeof(string), Variables()));
    }

    [Fact]
    public async Task Variable_StudioVariableObject_ReadsById()
    {
        using var host = new WorkflowTestHost();
        var studioValue = new JsonObject
        {
            ["id"] = "v-count", ["name"] = "Count", ["typeName"] = "Int32", ["value"] = "41",
            ["storageDriverTypeName"] = "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core",
        };

        Assert.Equal(41, await ExpressionRunner.EvaluateAsync(host, new Expression(ExpressionSyntax.Variable, studioValue), typeof(int), Variables()));
    }

    [Fact]
    public async Task Variable_VariableObjectAsJsonText_ReadsById()
    {
        using var host = new WorkflowTestHost();
        var text = """{"id":"v-name","name":"CustomerName","typeName":"String","value":"Ada"}""";

        Assert.Equal("Ada", await ExpressionRunner.EvaluateAsync(host, new Expression(ExpressionSyntax.Variable, text), typeof(string), Variables()));
    }

    [Fact]
    public async Task Variable_ConvertsToTargetType()
    {
        using var host = new WorkflowTestHost();

        Assert.Equal("41", await ExpressionRunner.EvaluateAsync(host, Expression.Variable("Count"), typeof(string), Variables()));
    }

    [Fact]
    public async Task Variable_Undeclared_Faults()
    {
        using var host = new WorkflowTestHost();

        var incident = await ExpressionRunner.FailAsync(host, Expression.Variable("Missing"), typeof(object), Variables());

        Assert.Equal("Variable 'Missing' is not declared.", incident.Message);
    }

    [Fact]
    public async Task Variable_Empty_Faults()
    {
        using var host = new WorkflowTestHost();

        var incident = await ExpressionRunner.FailAsync(host, new Expression(ExpressionSyntax.Variable, null), typeof(object), Variables());

        Assert.Contains("names no variable", incident.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Variable_InStudioJson_WriteLineUsesVariableObject()
    {
        using var host = new WorkflowTestHost();
        var workflow = host.Load("""
        {
          "variables": [ { "id": "f1cfed49af949874", "name": "orderId", "typeName": "String", "isArray": false, "value": "A-17",
                           "storageDriverTypeName": "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core" } ],
          "root": { "type": "Elsa.Flowchart", "version": 1, "id": "flowchart1", "activities": [
            { "type": "Elsa.WriteLine", "version": 1, "id": "write1",
              "text": { "typeName": "String", "expression": { "type": "Variable",
                "value": { "id": "f1cfed49af949874", "name": "orderId", "typeName": "String", "value": "A-17" } } } } ],
            "connections": [] }
        }
        """);

        var result = await host.RunAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["A-17"], host.Lines);
    }

    [Fact]
    public async Task Object_JsonText_BecomesDictionary()
    {
        using var host = new WorkflowTestHost();

        var value = await ExpressionRunner.EvaluateAsync(host, Expression.Object("""{"a":1,"b":[true,"x"],"c":null}"""), typeof(object));

        var dictionary = Assert.IsType<Dictionary<string, object?>>(value);
        Assert.Equal(1, dictionary["a"]);
        Assert.Equal([true, "x"], Assert.IsType<List<object?>>(dictionary["b"]));
        Assert.Null(dictionary["c"]);
    }

    [Fact]
    public async Task Object_JsonArray_BecomesTypedArray()
    {
        using var host = new WorkflowTestHost();

        Assert.Equal(new[] { 1, 2, 3 }, await ExpressionRunner.EvaluateAsync(host, Expression.Object("[1,2,3]"), typeof(int[])));
    }

    [Fact]
    public async Task Object_Scalar_IsConverted()
    {
        using var host = new WorkflowTestHost();

        Assert.Equal(7, await ExpressionRunner.EvaluateAsync(host, Expression.Object("7"), typeof(int)));
        Assert.Equal("text", await ExpressionRunner.EvaluateAsync(host, Expression.Object("\"text\""), typeof(string)));
    }

    [Fact]
    public async Task Object_Empty_IsNull()
    {
        using var host = new WorkflowTestHost();

        Assert.Null(await ExpressionRunner.EvaluateAsync(host, Expression.Object("  "), typeof(object)));
    }

    [Fact]
    public async Task Json_Syntax_IsTheSameAsObject()
    {
        using var host = new WorkflowTestHost();

        var value = await ExpressionRunner.EvaluateAsync(host, new Expression(ExpressionSyntax.Json, """{"k":"v"}"""), typeof(IDictionary<string, object?>));

        Assert.Equal("v", Assert.IsAssignableFrom<IDictionary<string, object?>>(value)["k"]);
    }

    [Fact]
    public async Task Object_InvalidJson_FaultsWithMessage()
    {
        using var host = new WorkflowTestHost();

        var incident = await ExpressionRunner.FailAsync(host, Expression.Object("{\"a\":"), typeof(object));

        Assert.StartsWith("The Object expression is not valid JSON:", incident.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Object_WrongShapeForTarget_Faults()
    {
        using var host = new WorkflowTestHost();

        var incident = await ExpressionRunner.FailAsync(host, Expression.Object("""{"a":1}"""), typeof(int));

        Assert.StartsWith("The Object expression returned a value that is not a Int32", incident.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownSyntax_Faults()
    {
        using var host = new WorkflowTestHost();

        var incident = await ExpressionRunner.FailAsync(host, new Expression("Python", "1 + 1"), typeof(int));

        Assert.Equal("No evaluator for expression syntax 'Python'.", incident.Message);
    }
}
