using System.Text.Json.Nodes;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Expressions;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Expressions;

public sealed class LiteralExpressionTests
{
    [Theory]
    [InlineData("5", typeof(int), 5)]
    [InlineData(" 42 ", typeof(int), 42)]
    [InlineData("-7", typeof(int), -7)]
    [InlineData("9000000000", typeof(long), 9000000000L)]
    [InlineData("true", typeof(bool), true)]
    [InlineData("True", typeof(bool), true)]
    [InlineData("false", typeof(bool), false)]
    [InlineData("2.5", typeof(double), 2.5)]
    [InlineData("hello", typeof(string), "hello")]
    public async Task Literal_StudioString_IsConvertedToTargetType(string literal, Type targetType, object expected)
    {
        using var host = new WorkflowTestHost();

        var value = await ExpressionRunner.EvaluateAsync(host, Expression.Literal(literal), targetType);

        Assert.Equal(expected, value);
        Assert.IsType(targetType, value);
    }

    [Fact]
    public async Task Literal_Decimal_UsesInvariantCulture()
    {
        using var host = new WorkflowTestHost();

        Assert.Equal(12.75m, await ExpressionRunner.EvaluateAsync(host, Expression.Literal("12.75"), typeof(decimal)));
    }

    [Theory]
    [InlineData("00:00:05", 5)]
    [InlineData("PT5S", 5)]
    [InlineData("PT1M30S", 90)]
    [InlineData("01:00:00", 3600)]
    [InlineData("1.00:00:00", 86400)]
    public async Task Literal_TimeSpan_AcceptsClockAndIsoForms(string literal, int seconds)
    {
        using var host = new WorkflowTestHost();

        var value = await ExpressionRunner.EvaluateAsync(host, Expression.Literal(literal), typeof(TimeSpan));

        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Fact]
    public async Task Literal_JsonText_BecomesDictionary()
    {
        using var host = new WorkflowTestHost();

        var value = await ExpressionRunner.EvaluateAsync(host, Expression.Literal("""{"name":"Ada","age":36,"tags":["x","y"],"nested":{"ok":true}}"""), typeof(IDictionary<string, object?>));

        var dictionary = Assert.IsAssignableFrom<IDictionary<string, object?>>(value);
        Assert.Equal("Ada", dictionary["name"]);
        Assert.Equal(36, dictionary["age"]);
        Assert.Equal(["x", "y"], Assert.IsType<List<object?>>(dictionary["tags"]));
        Assert.Equal(true, Assert.IsType<Dictionary<string, object?>>(dictionary["nested"])["ok"]);
    }

    [Fact]
    public async Task Literal_JsonArrayText_BecomesStringArray()
    {
        using var host = new WorkflowTestHost();

        var value = await ExpressionRunner.EvaluateAsync(host, Expression.Literal("""["a","b"]"""), typeof(string[]));

        Assert.Equal(new[] { "a", "b" }, value);
    }

    [Fact]
    public async Task Literal_JsonNumberNode_IsConverted()
    {
        using var host = new WorkflowTestHost();

        Assert.Equal(5, await ExpressionRunner.EvaluateAsync(host, new Expression(ExpressionSyntax.Literal, JsonValue.Create(5)), typeof(int)));
        Assert.Equal("5", await ExpressionRunner.EvaluateAsync(host, new Expression(ExpressionSyntax.Literal, JsonNode.Parse("5")), typeof(string)));
    }

    [Fact]
    public async Task Literal_EmptyString_ForValueType_IsDefault()
    {
        using var host = new WorkflowTestHost();

        Assert.Equal(0, await ExpressionRunner.EvaluateAsync(host, Expression.Literal(""), typeof(int)));
    }

    [Theory]
    [InlineData("five", typeof(int), "Int32")]
    [InlineData("5.5", typeof(int), "Int32")]
    [InlineData("yes", typeof(bool), "Boolean")]
    [InlineData("soon", typeof(TimeSpan), "TimeSpan")]
    [InlineData("{not json", typeof(IDictionary<string, object?>), "ObjectDictionary")]
    [InlineData("99999999999", typeof(int), "Int32")]
    public async Task Literal_Invalid_FaultsWithClearMessage(string literal, Type targetType, string alias)
    {
        using var host = new WorkflowTestHost();

        var incident = await ExpressionRunner.FailAsync(host, Expression.Literal(literal), targetType);

        Assert.Equal($"'{literal}' is not a valid {alias}.", incident.Message);
    }

    [Fact]
    public async Task Literal_StudioJson_TypedInputsAreConverted()
    {
        using var host = new WorkflowTestHost(b => b.AddActivitiesFrom<TypedProbe>());
        var workflow = host.Load("""
        {
          "root": { "type": "Elsa.Sequence", "version": 1, "id": "seq1", "activities": [
            { "type": "IntellyHub.Test.TypedProbe", "version": 1, "id": "probe1",
              "number": { "typeName": "Int32", "expression": { "type": "Literal", "value": "5" }, "memoryReference": null },
              "flag": { "typeName": "Boolean", "expression": { "type": "Literal", "value": "true" } },
              "duration": { "typeName": "TimeSpan", "expression": { "type": "Literal", "value": "PT5S" } },
              "data": { "typeName": "ObjectDictionary", "expression": { "type": "Object", "value": "{\"a\":1}" } },
              "tags": { "typeName": "String[]", "expression": { "type": "Literal", "value": "[\"x\",\"y\"]" } },
              "amount": { "typeName": "Decimal", "expression": { "type": "Literal", "value": "19.99" } } } ] }
        }
        """);

        var result = await host.RunAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(5, result.Output["number"]);
        Assert.Equal(true, result.Output["flag"]);
        Assert.Equal(TimeSpan.FromSeconds(5), result.Output["duration"]);
        Assert.Equal(1, Assert.IsAssignableFrom<IDictionary<string, object?>>(result.Output["data"])["a"]);
        Assert.Equal(new[] { "x", "y" }, result.Output["tags"]);
        Assert.Equal(19.99m, result.Output["amount"]);
    }

    [Fact]
    public async Task Literal_StudioJson_InvalidInt_FaultsTheActivity()
    {
        using var host = new WorkflowTestHost(b => b.AddActivitiesFrom<TypedProbe>());
        var workflow = host.Load("""
        { "root": { "type": "IntellyHub.Test.TypedProbe", "version": 1, "id": "probe1",
            "number": { "typeName": "Int32", "expression": { "type": "Literal", "value": "lots" } } } }
        """);

        var result = await host.RunAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        var incident = Assert.Single(result.Incidents);
        Assert.Equal("probe1", incident.ActivityId);
        Assert.Equal("'lots' is not a valid Int32.", incident.Message);
    }
}
