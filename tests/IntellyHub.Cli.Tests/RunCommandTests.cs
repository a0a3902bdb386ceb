namespace IntellyHub.Cli.Tests;

public sealed class RunCommandTests
{
    [Fact]
    public async Task SuspendedWorkflow_ListsBookmark_ExitCode0()
    {
        using var file = new TempFile(
            """
            {
              "definitionId": "wait-for-event", "version": 1,
              "root": { "id": "Flowchart1", "type": "Elsa.Flowchart", "version": 1,
                "activities": [
                  { "id": "Start1", "type": "Elsa.Start", "version": 1 },
                  { "id": "Event1", "type": "Elsa.Event", "version": 1,
                    "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "Approved" } } }
                ],
                "connections": [ { "source": { "activity": "Start1", "port": "Done" }, "target": { "activity": "Event1", "port": "In" } } ] } }
            """);

        var result = await TestCli.RunAsync("run", file.Path);

        Assert.Equal(0, result.ExitCode);
        var json = result.Json;
        Assert.Equal("Running", json.GetProperty("status").GetString());
        Assert.Equal("Suspended", json.GetProperty("subStatus").GetString());
        var bookmark = Assert.Single(json.GetProperty("bookmarks").EnumerateArray());
        Assert.Equal("Event1", bookmark.GetProperty("activityId").GetString());
        Assert.Equal("Elsa.Event", bookmark.GetProperty("name").GetString());
        var record = json.GetProperty("journal").EnumerateArray().Single(r => r.GetProperty("activityId").GetString() == "Event1");
        Assert.Equal("Suspended", record.GetProperty("status").GetString());
    }

    [Fact]
    public async Task DefinitionWithoutRoot_OneLineError_ExitCode2()
    {
        using var file = new TempFile("""{ "definitionId": "no-root" }""");

        var result = await TestCli.RunAsync("run", file.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains("no \"root\" activity", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkflowsOption_FindsChildInAnotherFolder()
    {
        using var parent = new TempFile(File.ReadAllText(TestCli.Sample("parent.json")), "parent.json");

        var alone = await TestCli.RunAsync("run", parent.Path);
        var withFolder = await TestCli.RunAsync("run", parent.Path, "--workflows", TestCli.SamplesFolder);

        Assert.Equal(1, alone.ExitCode);
        Assert.Equal(0, withFolder.ExitCode);
        Assert.Equal("Hello, Parent, from the child!", withFolder.Json.GetProperty("output").GetProperty("ChildGreeting").GetString());
    }
}
