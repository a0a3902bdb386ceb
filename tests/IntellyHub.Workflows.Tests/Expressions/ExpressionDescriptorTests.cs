using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using IntellyHub.Workflows.Descriptors;
using IntellyHub.Workflows.Tests.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IntellyHub.Workflows.Tests.Expressions;

public sealed class ExpressionDescriptorTests
{
    private static readonly JsonSerializerOptions StudioJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static JsonArray Descriptors()
    {
        using var host = new WorkflowTestHost();
        var provider = host.Services.GetRequiredService<ActivityDescriptorProvider>();
        return JsonSerializer.SerializeToNode(provider.GetExpressionDescriptors(), StudioJson)!.AsArray();
    }

    [Fact]
    public void List_ContainsTheBuiltInSyntaxes()
    {
        var types = Descriptors().Select(d => (string)d!["type"]!).ToList();

        Assert.Contains("Literal", types);
        Assert.Contains("Object", types);
        Assert.Contains("Variable", types);
        Assert.Contains("JavaScript", types);
        Assert.Contains("Liquid", types);
        Assert.Equal(types.Count, types.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Theory]
    [InlineData("Literal", false, null)]
    [InlineData("Object", false, "json")]
    [InlineData("Variable", true, null)]
    [InlineData("JavaScript", true, "javascript")]
    [InlineData("Liquid", true, "liquid")]
    public void Descriptor_HasStudioShape(string type, bool browsable, string? monacoLanguage)
    {
        var descriptor = Descriptors().Single(d => (string)d!["type"]! == type)!.AsObject();

        Assert.Equal(type, (string)descriptor["displayName"]!);
        Assert.True((bool)descriptor["isSerializable"]!);
        Assert.Equal(browsable, (bool)descriptor["isBrowsable"]!);
        var properties = Assert.IsType<JsonObject>(descriptor["properties"]);
        if (monacoLanguage is null) Assert.Empty(properties);
        else Assert.Equal(monacoLanguage, (string)properties["MonacoLanguage"]!);
    }
}
