using System.Text.Json;

namespace IntellyHub.Cli.Tests;

/// <summary>Each sample runs as samples/README.md documents it.</summary>
public sealed class SampleTests
{
    [Fact]
    public async Task Hello_FinishesWithMessage_AndWriteLineGoesToStderr()
    {
        var result = await TestCli.RunAsync("run", TestCli.Sample("hello.json"));

        Assert.Equal(0, result.ExitCode);
        var json = result.Json;
        AssertStatus(json, "Finished", "Finished");
        Assert.Equal("Hello from IntellyHub!", json.GetProperty("output").GetProperty("Message").GetString());
        Assert.Empty(json.GetProperty("incidents").EnumerateArray());
        Assert.Empty(json.GetProperty("bookmarks").EnumerateArray());
        Assert.Equal(["Hello from IntellyHub!"], result.StderrLines);
        Assert.DoesNotContain("Hello from IntellyHub!\n", result.Stdout, StringComparison.Ordinal);

        var write = JournalRecords(json, "WriteLine1").Single();
        Assert.Equal("Elsa.WriteLine", write.GetProperty("activityType").GetString());
        Assert.Equal("Completed", write.GetProperty("status").GetString());
        Assert.Equal(["Done"], write.GetProperty("outcomes").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal("Hello from IntellyHub!", write.GetProperty("inputs").GetProperty("Text").GetString());
        Assert.NotEqual(JsonValueKind.Null, write.GetProperty("startedAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, write.GetProperty("completedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, write.GetProperty("exception").ValueKind);
    }

    [Theory]
    [InlineData("{\"Amount\": 150}", "manual-review", "SetRouteManual")]
    [InlineData("{\"Amount\": 50}", "auto-approve", "SetRouteAuto")]
    public async Task Branching_RoutesByAmountInput(string input, string route, string activityTaken)
    {
        var result = await TestCli.RunAsync("run", TestCli.Sample("branching.json"), "--input", input);

        Assert.Equal(0, result.ExitCode);
        var json = result.Json;
        AssertStatus(json, "Finished", "Finished");
        Assert.Equal(route, json.GetProperty("output").GetProperty("Route").GetString());
        Assert.Equal(route, json.GetProperty("variables").GetProperty("Route").GetString());
        Assert.Single(JournalRecords(json, activityTaken));
        Assert.Empty(JournalRecords(json, activityTaken == "SetRouteAuto" ? "SetRouteManual" : "SetRouteAuto"));
        Assert.Equal(activityTaken == "SetRouteManual" ? "True" : "False", JournalRecords(json, "Decision1").Single().GetProperty("outcomes")[0].GetString());
        Assert.Contains($"goes to {route}.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Branching_WithoutInput_AutoApproves()
    {
        var result = await TestCli.RunAsync("run", TestCli.Sample("branching.json"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("auto-approve", result.Json.GetProperty("output").GetProperty("Route").GetString());
    }

    [Fact]
    public async Task Loop_CountsToFiveThroughBackwardConnection()
    {
        var result = await TestCli.RunAsync("run", TestCli.Sample("loop.json"));

        Assert.Equal(0, result.ExitCode);
        var json = result.Json;
        AssertStatus(json, "Finished", "Finished");
        Assert.Equal(15, json.GetProperty("output").GetProperty("Sum").GetInt32());
        Assert.Equal(5, json.GetProperty("variables").GetProperty("Counter").GetInt32());
        Assert.Equal(15, json.GetProperty("variables").GetProperty("Total").GetInt32());
        Assert.Equal(5, JournalRecords(json, "Increment").Count());
        Assert.Equal(["True", "True", "True", "True", "False"], JournalRecords(json, "Decision1").Select(r => r.GetProperty("outcomes")[0].GetString()));
        Assert.Equal(5, result.StderrLines.Count);
        Assert.Equal("Counter = 5, total = 15", result.StderrLines[^1]);
    }

    [Fact]
    public async Task For_SumsOneToTen()
    {
        var result = await TestCli.RunAsync("run", TestCli.Sample("for.json"));

        Assert.Equal(0, result.ExitCode);
        var json = result.Json;
        AssertStatus(json, "Finished", "Finished");
        Assert.Equal(55, json.GetProperty("output").GetProperty("Sum").GetInt32());
        Assert.Equal(55, json.GetProperty("variables").GetProperty("Sum").GetInt32());
        Assert.Equal(10, json.GetProperty("variables").GetProperty("CurrentNumber").GetInt32());
        Assert.Equal(10, JournalRecords(json, "AddToSum").Count());
        Assert.Equal(["The sum of 1..10 is 55."], result.StderrLines);
    }

    [Fact]
    public async Task ForkJoin_RunsBothBranches_AndJoinsOnce()
    {
        var result = await TestCli.RunAsync("run", TestCli.Sample("fork-join.json"));

        Assert.Equal(0, result.ExitCode);
        var json = result.Json;
        AssertStatus(json, "Finished", "Finished");
        Assert.Equal("left done + right done", json.GetProperty("output").GetProperty("Joined").GetString());
        Assert.Equal("left done", json.GetProperty("variables").GetProperty("Left").GetString());
        Assert.Equal("right done", json.GetProperty("variables").GetProperty("Right").GetString());
        Assert.Equal(["Left", "Right"], JournalRecords(json, "Fork1").Single().GetProperty("outcomes").EnumerateArray().Select(o => o.GetString()));
        Assert.Single(JournalRecords(json, "Join1"));
        Assert.Single(JournalRecords(json, "SetOutput1"));
    }

    [Theory]
    [InlineData(null, "Ada")]
    [InlineData("{\"Name\": \"Grace\"}", "Grace")]
    public async Task Expressions_JavaScriptAndLiquid(string? input, string name)
    {
        string[] args = input is null
            ? ["run", TestCli.Sample("expressions.json")]
            : ["run", TestCli.Sample("expressions.json"), "--input", input];
        var result = await TestCli.RunAsync(args);

        Assert.Equal(0, result.ExitCode);
        var json = result.Json;
        AssertStatus(json, "Finished", "Finished");
        var greeting = $"Hello, {name}!";
        var variables = json.GetProperty("variables");
        Assert.Equal(name, variables.GetProperty("Name").GetString());
        Assert.Equal(greeting, variables.GetProperty("Greeting").GetString());
        Assert.Equal(greeting.Length, variables.GetProperty("Length").GetInt32());
        Assert.Equal(greeting.ToUpperInvariant(), json.GetProperty("output").GetProperty("Shout").GetString());
        Assert.Equal(greeting.Length, json.GetProperty("output").GetProperty("Length").GetInt32());
        Assert.Equal([$"{greeting} ({greeting.Length} characters)"], result.StderrLines);
    }

    [Fact]
    public async Task Fault_EndsFaultedWithIncident_ExitCode1()
    {
        var result = await TestCli.RunAsync("run", TestCli.Sample("fault.json"));

        Assert.Equal(1, result.ExitCode);
        var json = result.Json;
        AssertStatus(json, "Finished", "Faulted");
        var incident = Assert.Single(json.GetProperty("incidents").EnumerateArray());
        Assert.Equal("Fault1", incident.GetProperty("activityId").GetString());
        Assert.Equal("Elsa.Fault", incident.GetProperty("activityType").GetString());
        Assert.Equal("Something went wrong on purpose.", incident.GetProperty("message").GetString());
        var record = JournalRecords(json, "Fault1").Single();
        Assert.Equal("Faulted", record.GetProperty("status").GetString());
        Assert.Equal("Something went wrong on purpose.", record.GetProperty("exception").GetString());
        Assert.Equal(["About to fault..."], result.StderrLines);
    }

    [Fact]
    public async Task ChildGreeter_RunsAlone()
    {
        var result = await TestCli.RunAsync("run", TestCli.Sample("child-greeter.json"), "--input", "{\"Name\": \"Linus\"}");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Hello, Linus, from the child!", result.Json.GetProperty("output").GetProperty("Greeting").GetString());
    }

    [Fact]
    public async Task Parent_RunsChildFoundInItsFolder()
    {
        var result = await TestCli.RunAsync("run", TestCli.Sample("parent.json"));

        Assert.Equal(0, result.ExitCode);
        var json = result.Json;
        AssertStatus(json, "Finished", "Finished");
        Assert.Equal("Hello, Parent, from the child!", json.GetProperty("output").GetProperty("ChildGreeting").GetString());
        var child = json.GetProperty("variables").GetProperty("ChildResult");
        Assert.Equal("Finished", child.GetProperty("subStatus").GetString());
        Assert.Equal("Hello, Parent, from the child!", child.GetProperty("output").GetProperty("Greeting").GetString());
        Assert.Equal(["Child said: Hello, Parent, from the child!"], result.StderrLines);
    }

    [Fact]
    public async Task Parent_WithWorkflowsFolderLackingTheChild_Faults()
    {
        var empty = Directory.CreateTempSubdirectory("intellyhub-cli-tests-");
        try
        {
            var result = await TestCli.RunAsync("run", TestCli.Sample("parent.json"), "--workflows", empty.FullName);

            Assert.Equal(1, result.ExitCode);
            AssertStatus(result.Json, "Finished", "Faulted");
            var incident = Assert.Single(result.Json.GetProperty("incidents").EnumerateArray());
            Assert.Equal("ExecuteChild", incident.GetProperty("activityId").GetString());
            Assert.Contains("child-greeter", incident.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("hello.json")]
    [InlineData("branching.json")]
    [InlineData("loop.json")]
    [InlineData("for.json")]
    [InlineData("fork-join.json")]
    [InlineData("expressions.json")]
    [InlineData("fault.json")]
    [InlineData("child-greeter.json")]
    [InlineData("parent.json")]
    public async Task EverySample_IsValid(string sample)
    {
        var result = await TestCli.RunAsync("validate", TestCli.Sample(sample));

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("valid:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void SamplesFolder_HoldsEveryDocumentedSample()
    {
        var files = Directory.GetFiles(TestCli.SamplesFolder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(
            ["branching.json", "child-greeter.json", "expressions.json", "fault.json", "for.json", "fork-join.json", "hello.json", "loop.json", "parent.json"],
            files);
    }

    private static void AssertStatus(JsonElement json, string status, string subStatus)
    {
        Assert.Equal(status, json.GetProperty("status").GetString());
        Assert.Equal(subStatus, json.GetProperty("subStatus").GetString());
    }

    private static IEnumerable<JsonElement> JournalRecords(JsonElement json, string activityId) =>
        json.GetProperty("journal").EnumerateArray().Where(r => r.GetProperty("activityId").GetString() == activityId);
}
