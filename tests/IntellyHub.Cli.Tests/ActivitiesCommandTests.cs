using System.Text.Json;

namespace IntellyHub.Cli.Tests;

public sealed class ActivitiesCommandTests
{
    [Fact]
    public async Task Activities_PrintsDescriptorsAsItemsAndCount()
    {
        var result = await TestCli.RunAsync("activities");

        Assert.Equal(0, result.ExitCode);
        var json = result.Json;
        var items = json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(items.Count, json.GetProperty("count").GetInt32());
        Assert.True(items.Count >= 20, $"only {items.Count} descriptors");

        var writeLine = items.Single(i => i.GetProperty("typeName").GetString() == "Elsa.WriteLine");
        Assert.Equal("Console", writeLine.GetProperty("category").GetString());
        Assert.Equal("Action", writeLine.GetProperty("kind").GetString());
        var text = writeLine.GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "Text");
        Assert.Equal("singleline", text.GetProperty("uiHint").GetString());

        var decision = items.Single(i => i.GetProperty("typeName").GetString() == "Elsa.FlowDecision");
        Assert.Equal(["True", "False"], decision.GetProperty("ports").EnumerateArray().Select(p => p.GetProperty("name").GetString()));

        var trigger = items.Single(i => i.GetProperty("typeName").GetString() == "Elsa.Event");
        Assert.Equal("Trigger", trigger.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Activities_LeavesOutNulls()
    {
        var result = await TestCli.RunAsync("activities");

        Assert.DoesNotContain(": null", result.Stdout, StringComparison.Ordinal);
        Assert.True(result.Json.GetProperty("items").EnumerateArray().All(i => i.ValueKind == JsonValueKind.Object));
    }

    [Fact]
    public async Task Activities_RejectsArguments()
    {
        var result = await TestCli.RunAsync("activities", "extra");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
    }
}
