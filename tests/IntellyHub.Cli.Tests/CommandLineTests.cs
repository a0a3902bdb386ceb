namespace IntellyHub.Cli.Tests;

/// <summary>Bad input gets one line on stderr and exit code 2; help goes to stdout with exit code 0.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task NoArguments_PrintsUsageToStderr_ExitCode2()
    {
        var result = await TestCli.RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Contains("Usage:", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_PrintsUsageWithCommandsAndExitCodes(string flag)
    {
        var result = await TestCli.RunAsync(flag);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("run ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("validate ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("activities ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("import ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("export ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Exit codes:", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("validate")]
    [InlineData("activities")]
    [InlineData("import")]
    [InlineData("export")]
    public async Task CommandHelp_PrintsItsUsage(string command)
    {
        var result = await TestCli.RunAsync(command, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"intellyhub {command}", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public async Task RunHelp_DocumentsOptionsAndExitCodes()
    {
        var result = await TestCli.RunAsync("run", "-h");

        Assert.Contains("--input <json>", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--workflows <folder>", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("0  the workflow finished, or is suspended", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("1  the workflow faulted", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("2  bad input", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAndExportHelp_DocumentServerKeyAndExitCodes()
    {
        var import = await TestCli.RunAsync("import", "--help");
        var export = await TestCli.RunAsync("help", "export");

        foreach (var text in new[] { import.Stdout, export.Stdout })
        {
            Assert.Contains("--server <url>", text, StringComparison.Ordinal);
            Assert.Contains("--api-key <key>", text, StringComparison.Ordinal);
            Assert.Contains("INTELLYHUB_API_KEY", text, StringComparison.Ordinal);
            Assert.Contains("2  bad input", text, StringComparison.Ordinal);
        }

        Assert.Contains("--publish", import.Stdout, StringComparison.Ordinal);
        Assert.Contains("--definition-id <id>", export.Stdout, StringComparison.Ordinal);
        Assert.Contains("--version-options <which>", export.Stdout, StringComparison.Ordinal);
        Assert.Contains("--out <folder>", export.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_OneLine_ExitCode2()
    {
        var result = await TestCli.RunAsync("frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith("error: Unknown command 'frobnicate'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_OneLine_ExitCode2()
    {
        var result = await TestCli.RunAsync("run", TestCli.Sample("hello.json"), "--verbose");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Equal(["error: Unknown option '--verbose' for 'run'. Run 'intellyhub run --help' for usage."], result.StderrLines);
    }

    [Fact]
    public async Task OptionWithoutValue_ExitCode2()
    {
        var result = await TestCli.RunAsync("run", TestCli.Sample("hello.json"), "--input");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["error: Option '--input' needs a value."], result.StderrLines);
    }

    [Fact]
    public async Task MissingDefinitionArgument_ExitCode2()
    {
        var result = await TestCli.RunAsync("run");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: 'run' needs a definition file.", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingFile_Run_ExitCode2()
    {
        var result = await TestCli.RunAsync("run", "does-not-exist.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Equal(["error: File not found: 'does-not-exist.json'."], result.StderrLines);
    }

    [Theory]
    [InlineData("{not json", "--input is not valid JSON")]
    [InlineData("[1, 2]", "--input must be a JSON object")]
    [InlineData("42", "--input must be a JSON object")]
    public async Task BadInputJson_OneLine_ExitCode2(string input, string message)
    {
        var result = await TestCli.RunAsync("run", TestCli.Sample("hello.json"), "--input", input);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith($"error: {message}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InputWithEqualsSign_IsAccepted()
    {
        var result = await TestCli.RunAsync("run", TestCli.Sample("branching.json"), "--input={\"Amount\": 500}");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("manual-review", result.Json.GetProperty("output").GetProperty("Route").GetString());
    }

    [Fact]
    public async Task MissingWorkflowsFolder_ExitCode2()
    {
        var result = await TestCli.RunAsync("run", TestCli.Sample("hello.json"), "--workflows", "/no/such/folder");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["error: Folder not found: '/no/such/folder' (--workflows)."], result.StderrLines);
    }

    [Fact]
    public async Task Version_PrintsSomething()
    {
        var result = await TestCli.RunAsync("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Single(result.StdoutLines);
    }
}
