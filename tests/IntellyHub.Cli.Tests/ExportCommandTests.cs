using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntellyHub.Cli.Tests;

/// <summary><c>intellyhub export</c> against a fake server: what it asks for, what it writes and prints, and its exit codes.</summary>
public sealed class ExportCommandTests
{
    private const string Server = "http://ih.test";
    private const string Key = "ih_secret-key-42";

    /// <summary>A definition as an Elsa 3 server exports it: compact, <c>$schema</c> first, escaped characters.</summary>
    private static string Exported(string definitionId, int version = 2) =>
        $$"""{"$schema":"https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json","id":"{{definitionId}}-v{{version}}","definitionId":"{{definitionId}}","name":"Say \u0022hi\u0022 \u0026 more","createdAt":"2026-01-05T09:00:00\u002B00:00","version":{{version}},"toolVersion":"3.5.0.0","variables":[],"root":{"id":"Flowchart1","type":"Elsa.Flowchart","version":1,"activities":[],"connections":[]},"amount":1.50}""";

    /// <summary>A server holding <paramref name="definitionIds"/>: lists them page by page and exports each.</summary>
    private static FakeWorkflowApi Holding(params string[] definitionIds) => new(request =>
    {
        var path = request.Uri.AbsolutePath;
        if (path == "/elsa/api/workflow-definitions")
        {
            var query = System.Web.HttpUtility.ParseQueryString(request.Uri.Query);
            var page = int.Parse(query["page"]!, System.Globalization.CultureInfo.InvariantCulture);
            var size = int.Parse(query["pageSize"]!, System.Globalization.CultureInfo.InvariantCulture);
            var items = definitionIds.Skip(page * size).Take(size).Select(id => new { id = $"{id}-v2", definitionId = id, name = id, version = 2, isLatest = true, isPublished = true });
            return FakeWorkflowApi.Json(HttpStatusCode.OK, new { items, totalCount = definitionIds.Length });
        }

        var id = Uri.UnescapeDataString(path["/elsa/api/workflow-definitions/".Length..^"/export".Length]);
        return definitionIds.Contains(id)
            ? FakeWorkflowApi.Json(HttpStatusCode.OK, Exported(id))
            : FakeWorkflowApi.Problem(HttpStatusCode.NotFound, "Not Found", $"No version of workflow definition '{id}' matches 'Latest'.");
    });

    [Fact]
    public async Task All_PagesThroughTheList_WritesOneFilePerDefinition()
    {
        using var folder = new TempFolder();
        var ids = Enumerable.Range(1, 120).Select(i => $"def-{i:000}").Reverse().ToArray();
        var api = Holding(ids);

        var result = await TestCli.RunAsync(api.Environment(), "export", "--server", Server, "--api-key", Key, "--out", folder.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Stderr);
        Assert.Equal(
            ["/elsa/api/workflow-definitions?versionOptions=Latest&page=0&pageSize=100", "/elsa/api/workflow-definitions?versionOptions=Latest&page=1&pageSize=100"],
            api.Requests.Take(2).Select(r => r.PathAndQuery));
        Assert.Equal(120, api.Requests.Count(r => r.PathAndQuery.EndsWith("/export?versionOptions=Latest", StringComparison.Ordinal)));
        Assert.All(api.Requests, r => Assert.Equal($"ApiKey {Key}", r.Authorization));
        Assert.Equal(ids.Order(StringComparer.Ordinal).Select(id => $"{id}.json"), Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal($"exported def-001 v2 → {Path.Combine(folder.Path, "def-001.json")}", result.StdoutLines[0]);
        Assert.Equal($"exported 120 of 120 definitions from {Server} to {folder.Path}", result.StdoutLines[^1]);
    }

    [Fact]
    public async Task Named_WritesTheServersJsonIndented_PropertiesAndValuesAsReturned()
    {
        using var folder = new TempFolder();
        var api = Holding("hello", "other");

        var result = await TestCli.RunAsync(api.Environment(), "export", "--server", Server, "--api-key", Key, "--definition-id", "hello", "--out", folder.Path, "--version-options", "published");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["/elsa/api/workflow-definitions/hello/export?versionOptions=Published"], api.Requests.Select(r => r.PathAndQuery));
        var text = File.ReadAllText(Path.Combine(folder.Path, "hello.json"));
        Assert.StartsWith("{\n  \"$schema\": \"https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json\",\n  \"id\": \"hello-v2\",", text, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"Say \\\"hi\\\" & more\"", text, StringComparison.Ordinal);
        Assert.Contains("\"createdAt\": \"2026-01-05T09:00:00+00:00\"", text, StringComparison.Ordinal);
        Assert.Contains("\"amount\": 1.50", text, StringComparison.Ordinal);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Exported("hello")), JsonNode.Parse(text)));
        Assert.Equal(
            JsonDocument.Parse(Exported("hello")).RootElement.EnumerateObject().Select(p => p.Name),
            JsonDocument.Parse(text).RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal([$"exported hello v2 → {Path.Combine(folder.Path, "hello.json")}", $"exported 1 of 1 definition from {Server} to {folder.Path}"], result.StdoutLines);
    }

    [Fact]
    public async Task Named_SeveralTimes_EachOnce_InTheGivenOrder()
    {
        using var folder = new TempFolder();
        var api = Holding("a", "b");

        var result = await TestCli.RunAsync(api.Environment(), "export", "--server", Server, "--api-key", Key, "--definition-id", "b", "--definition-id=a", "--definition-id", "b", "--out", folder.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["/elsa/api/workflow-definitions/b/export?versionOptions=Latest", "/elsa/api/workflow-definitions/a/export?versionOptions=Latest"], api.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task NotFound_IsAFailureOfThatDefinition_OthersStillExported_ExitCode1()
    {
        using var folder = new TempFolder();
        var api = Holding("hello");

        var result = await TestCli.RunAsync(api.Environment(), "export", "--server", Server, "--api-key", Key, "--definition-id", "missing", "--definition-id", "hello", "--out", folder.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["failed missing: no latest version found (404 Not Found — No version of workflow definition 'missing' matches 'Latest'.)"], result.StderrLines);
        Assert.Equal($"exported 1 of 2 definitions from {Server} to {folder.Path}; 1 failed", result.StdoutLines[^1]);
        Assert.Equal(["hello.json"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task DefinitionIdWithSpecialCharacters_IsEscapedInTheUrl_AndMadeAFileName()
    {
        using var folder = new TempFolder();
        var api = Holding("orders/v2 ü", "../up");

        var result = await TestCli.RunAsync(api.Environment(), "export", "--server", Server, "--api-key", Key, "--out", folder.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(api.Requests, r => r.Uri.AbsoluteUri == $"{Server}/elsa/api/workflow-definitions/orders%2Fv2%20%C3%BC/export?versionOptions=Latest");
        Assert.Equal(["_.._up.json", "orders_v2 ü.json"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WithoutOut_WritesIntoTheWorkingDirectory()
    {
        using var folder = new TempFolder();
        var api = Holding("hello");

        var result = await TestCli.RunAsync(api.Environment(workingDirectory: folder.Path), "export", "--server", Server, "--api-key", Key);

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(folder.Path, "hello.json")));
        Assert.Equal(["exported hello v2 → hello.json", $"exported 1 of 1 definition from {Server} to the current folder"], result.StdoutLines);
    }

    [Fact]
    public async Task MissingOutFolder_IsCreated()
    {
        using var folder = new TempFolder();
        var api = Holding("hello");
        var outFolder = Path.Combine(folder.Path, "new", "nested");

        var result = await TestCli.RunAsync(api.Environment(), "export", "--server", Server, "--api-key", Key, "--out", outFolder);

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(outFolder, "hello.json")));
    }

    [Fact]
    public async Task EmptyServer_NothingToExport_ExitCode0()
    {
        using var folder = new TempFolder();

        var result = await TestCli.RunAsync(Holding().Environment(), "export", "--server", Server, "--api-key", Key, "--out", folder.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([$"nothing to export: the server at {Server} lists no latest workflow definitions"], result.StdoutLines);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public async Task Unauthorized_ExitCode2_KeyNotShown()
    {
        using var folder = new TempFolder();
        var api = new FakeWorkflowApi(_ => FakeWorkflowApi.Problem(HttpStatusCode.Unauthorized, "Unauthorized"));

        var result = await TestCli.RunAsync(api.Environment(), "export", "--server", Server, "--api-key", Key, "--out", folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"error: The server at {Server} did not accept the API key: 401 Unauthorized"], result.StderrLines);
        Assert.DoesNotContain(Key, result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forbidden_ExitCode2()
    {
        using var folder = new TempFolder();
        var api = new FakeWorkflowApi(_ => new HttpResponseMessage(HttpStatusCode.Forbidden));

        var result = await TestCli.RunAsync(api.Environment(), "export", "--server", Server, "--api-key", Key, "--definition-id", "hello", "--out", folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"error: The API key is not allowed to read workflow definitions on the server at {Server}: 403 Forbidden"], result.StderrLines);
    }

    [Fact]
    public async Task ListNotFound_MeansNoWorkflowApiThere_ExitCode2()
    {
        using var folder = new TempFolder();
        var api = new FakeWorkflowApi(_ => new HttpResponseMessage(HttpStatusCode.NotFound));

        var result = await TestCli.RunAsync(api.Environment(), "export", "--server", Server, "--api-key", Key, "--out", folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: The server at {Server} has no workflow definitions endpoint", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListFails_ExitCode1()
    {
        using var folder = new TempFolder();
        var api = new FakeWorkflowApi(_ => FakeWorkflowApi.Problem(HttpStatusCode.ServiceUnavailable, "Service Unavailable", "The database is not reachable."));

        var result = await TestCli.RunAsync(api.Environment(), "export", "--server", Server, "--api-key", Key, "--out", folder.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["error: Listing the workflow definitions failed: 503 Service Unavailable — The database is not reachable."], result.StderrLines);
    }

    [Fact]
    public async Task UnreachableServer_OneLine_ExitCode2()
    {
        using var folder = new TempFolder();
        var api = new FakeWorkflowApi(_ => throw new HttpRequestException("Name or service not known (ih.test:80)"));

        var result = await TestCli.RunAsync(api.Environment(), "export", "--server", Server, "--api-key", Key, "--out", folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"error: Cannot reach the server at {Server}: Name or service not known (ih.test:80)."], result.StderrLines);
    }

    [Fact]
    public async Task AnswerThatIsNotJson_IsAFailure_ExitCode1()
    {
        using var folder = new TempFolder();
        var api = new FakeWorkflowApi(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>login</html>") });

        var result = await TestCli.RunAsync(api.Environment(), "export", "--server", Server, "--api-key", Key, "--definition-id", "hello", "--out", folder.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["failed hello: the server's answer is not a JSON workflow definition"], result.StderrLines);
    }

    [Theory]
    [InlineData(new[] { "export", "hello" }, "error: 'export' takes no arguments, but got: hello. Name definitions with --definition-id <id>.")]
    [InlineData(new[] { "export", "--server", Server, "--api-key", Key, "--version-options", "Draft" }, "error: --version-options must be Latest or Published, not 'Draft'.")]
    [InlineData(new[] { "export", "--server", Server, "--api-key", Key, "--definition-id", " " }, "error: --definition-id needs a definition id, not an empty value.")]
    [InlineData(new[] { "export", "--api-key", Key }, "error: 'export' needs --server <url>, the server's address (e.g. http://localhost:5000). Run 'intellyhub export --help' for usage.")]
    [InlineData(new[] { "export", "--server", Server }, "error: 'export' needs an API key: pass --api-key <key> or set the INTELLYHUB_API_KEY environment variable.")]
    [InlineData(new[] { "export", "--server", Server, "--api-key", Key, "--out", "" }, "error: --out needs a folder, not an empty value.")]
    [InlineData(new[] { "export", "--publish" }, "error: Unknown option '--publish' for 'export'. Run 'intellyhub export --help' for usage.")]
    public async Task UsageErrors_OneLine_ExitCode2(string[] args, string message)
    {
        var api = Holding("hello");

        var result = await TestCli.RunAsync(api.Environment(), args);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Equal([message], result.StderrLines);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task OutIsAFile_ExitCode2()
    {
        using var file = new TempFile("x", "taken");
        var api = Holding("hello");

        var result = await TestCli.RunAsync(api.Environment(), "export", "--server", Server, "--api-key", Key, "--out", file.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"error: --out '{file.Path}' is a file, not a folder."], result.StderrLines);
        Assert.Empty(api.Requests);
    }
}
