using System.Text.Json.Nodes;

namespace IntellyHub.Workflows.Tests.Serialization;

public sealed class JsonAssertTests
{
    [Fact]
    public void PropertyOrder_IsIgnored() =>
        Assert.Null(JsonAssert.FindDifference(JsonNode.Parse("""{"a":1,"b":{"c":[1,2],"d":null}}"""), JsonNode.Parse("""{"b":{"d":null,"c":[1,2]},"a":1.0}"""), "$"));

    [Theory]
    [InlineData("""{"a":1}""", """{"a":2}""")]
    [InlineData("""{"a":1}""", """{"a":1,"b":null}""")]
    [InlineData("""{"a":1,"b":null}""", """{"a":1}""")]
    [InlineData("""[1,2]""", """[2,1]""")]
    [InlineData("""{"a":"1"}""", """{"a":1}""")]
    [InlineData("""{"a":true}""", """{"a":false}""")]
    [InlineData("""{"a":[]}""", """{"a":{}}""")]
    public void Differences_AreFound(string expected, string actual) =>
        Assert.NotNull(JsonAssert.FindDifference(JsonNode.Parse(expected), JsonNode.Parse(actual), "$"));
}
