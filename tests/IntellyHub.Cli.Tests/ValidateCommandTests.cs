namespace IntellyHub.Cli.Tests;

public sealed class ValidateCommandTests
{
    private const string BrokenDefinition =
        """
        {
          "definitionId": "broken", "name": "Broken", "version": 1,
          "variables": [],
          "root": {
            "id": "Flowchart1", "type": "Elsa.Flowchart", "version": 1,
            "activities": [
              { "id": "Start1", "type": "Elsa.Start", "version": 1 },
              { "id": "Mystery1", "type": "Acme.DoesNotExist", "version": 1 },
              { "id": "SetOutput1", "type": "Elsa.SetOutput", "version": 1,
                "outputValue": { "typeName": "Object", "expression": { "type": "Literal", "value": "x" } } },
              { "id": "WriteLine1", "type": "Elsa.WriteLine", "version": 1,
                "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "1 +* 2" } } }
            ],
            "connections": [
              { "source": { "activity": "Start1", "port": "Done" }, "target": { "activity": "SetOutput1", "port": "In" } },
              { "source": { "activity": "SetOutput1", "port": "Done" }, "target": { "activity": "Ghost1", "port": "In" } },
              { "source": { "activity": "SetOutput1", "port": "Done" }, "target": { "activity": "WriteLine1", "port": "In" } }
            ]
          }
        }
        """;

    [Fact]
    public async Task ValidSample_ExitCode0()
    {
        var result = await TestCli.RunAsync("validate", TestCli.Sample("hello.json"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([$"valid: {TestCli.Sample("hello.json")}"], result.StdoutLines);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public async Task BrokenDefinition_ListsEveryProblemWithItsActivity_ExitCode2()
    {
        using var file = new TempFile(BrokenDefinition);

        var result = await TestCli.RunAsync("validate", file.Path);

        Assert.Equal(2, result.ExitCode);
        var lines = result.StdoutLines;
        Assert.Contains(lines, l => l.StartsWith("activity 'Mystery1':", StringComparison.Ordinal) && l.Contains("Acme.DoesNotExist", StringComparison.Ordinal) && l.EndsWith("[unknown-activity-type]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("activity 'Flowchart1':", StringComparison.Ordinal) && l.Contains("Ghost1", StringComparison.Ordinal) && l.EndsWith("[dangling-connection]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("activity 'SetOutput1':", StringComparison.Ordinal) && l.Contains("OutputName", StringComparison.Ordinal) && l.EndsWith("[missing-required-input]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("activity 'WriteLine1':", StringComparison.Ordinal) && l.Contains("Text", StringComparison.Ordinal) && l.EndsWith("[expression-syntax]", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("unknown-activity-type", StringComparison.Ordinal));
        Assert.Contains($"{lines.Count} problems", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrokenDefinition_RunRefusesUnknownTypes_ExitCode2()
    {
        using var file = new TempFile(BrokenDefinition);

        var result = await TestCli.RunAsync("run", file.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains("Acme.DoesNotExist", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedJson_ReportsLineAndColumn_ExitCode2()
    {
        using var file = new TempFile("{\n  \"definitionId\": \"x\",\n  \"root\": { \"type\": \"Elsa.Flowchart\"\n  \"activities\": []\n}\n");

        var result = await TestCli.RunAsync("validate", file.Path);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StdoutLines);
        Assert.StartsWith("line 4, column 3: Malformed JSON", line, StringComparison.Ordinal);
        Assert.EndsWith("[invalid-json]", line, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedJson_Run_OneLineError_ExitCode2()
    {
        using var file = new TempFile("{ \"root\": ");

        var result = await TestCli.RunAsync("run", file.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith("error: Cannot run", line, StringComparison.Ordinal);
        Assert.Contains("line 1, column", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingFile_ExitCode2()
    {
        var result = await TestCli.RunAsync("validate", "/no/such/definition.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["error: File not found: '/no/such/definition.json'."], result.StderrLines);
    }
}
