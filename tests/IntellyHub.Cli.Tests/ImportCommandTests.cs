using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace IntellyHub.Cli.Tests;

/// <summary><c>intellyhub import</c> against a fake server: what it sends, what it prints, and its exit codes.</summary>
public sealed class ImportCommandTests
{
    private const string Server = "http://ih.test";
    private const string Key = "ih_secret-key-42";

    private static string Definition(string definitionId) =>
        $$"""{ "definitionId": "{{definitionId}}", "name": "{{definitionId}}", "version": 3, "root": { "id": "Flowchart1", "type": "Elsa.Flowchart", "activities": [], "connections": [] } }""";

    private static FakeWorkflowApi Accepting() => new(request => FakeWorkflowApi.Saved(request, 1));

    [Fact]
    public async Task Folder_ImportsEveryJsonFileRecursively_SortedByPath_BytesUnchanged()
    {
        using var folder = new TempFolder();
        folder.Write("b.json", Definition("b"));
        folder.Write("a.json", Definition("a") + "\n");
        folder.Write(Path.Combine("sub", "c.JSON"), Definition("c"));
        folder.Write("README.md", "not a definition");
        folder.Write(Path.Combine(".git", "x.json"), Definition("hidden"));
        var api = Accepting();

        var result = await TestCli.RunAsync(api.Environment(), "import", folder.Path, "--server", Server, "--api-key", Key);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [
                $"imported {Path.Combine(folder.Path, "a.json")} → a v1",
                $"imported {Path.Combine(folder.Path, "b.json")} → b v1",
                $"imported {Path.Combine(folder.Path, "sub", "c.JSON")} → c v1",
                $"imported 3 of 3 files into {Server}",
            ],
            result.StdoutLines);
        Assert.Empty(result.Stderr);
        Assert.All(api.Requests, request =>
        {
            Assert.Equal(HttpMethod.Post, request.Method);
            Assert.Equal($"{Server}/elsa/api/workflow-definitions/import", request.Uri.ToString());
            Assert.Equal($"ApiKey {Key}", request.Authorization);
            Assert.Equal("application/json; charset=utf-8", request.ContentType);
        });
        Assert.Equal(
            [File.ReadAllBytes(Path.Combine(folder.Path, "a.json")), File.ReadAllBytes(Path.Combine(folder.Path, "b.json")), File.ReadAllBytes(Path.Combine(folder.Path, "sub", "c.JSON"))],
            api.Requests.Select(r => r.Body));
    }

    [Fact]
    public async Task Zip_ImportsItsJsonEntries_Sorted_SkippingMacResourceFiles()
    {
        using var folder = new TempFolder();
        var zipPath = Path.Combine(folder.Path, "definitions.zip");
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
        {
            foreach (var (name, content) in new[] { ("z.json", Definition("z")), ("nested/m.json", Definition("m")), ("notes.txt", "x"), ("__MACOSX/._z.json", "\0binary") })
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(content);
            }
        }

        var api = Accepting();

        var result = await TestCli.RunAsync(api.Environment(), "import", zipPath, "--server", Server, "--api-key", Key);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([$"imported {zipPath}:nested/m.json → m v1", $"imported {zipPath}:z.json → z v1", $"imported 2 of 2 files into {Server}"], result.StdoutLines);
        Assert.Equal([Definition("m"), Definition("z")], api.Requests.Select(r => r.BodyText));
    }

    [Fact]
    public async Task ApiKey_FromEnvironmentVariable()
    {
        using var file = new TempFile(Definition("hello"));
        var api = Accepting();

        var result = await TestCli.RunAsync(api.Environment(new Dictionary<string, string> { ["INTELLYHUB_API_KEY"] = Key }), "import", file.Path, "--server", Server);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"ApiKey {Key}", Assert.Single(api.Requests).Authorization);
    }

    [Theory]
    [InlineData("http://ih.test/elsa/api", "http://ih.test/elsa/api/workflow-definitions/import")]
    [InlineData("http://ih.test/elsa/api/", "http://ih.test/elsa/api/workflow-definitions/import")]
    [InlineData("https://ih.test:8443/intellyhub/", "https://ih.test:8443/intellyhub/elsa/api/workflow-definitions/import")]
    [InlineData("http://user:pw@ih.test", "http://ih.test/elsa/api/workflow-definitions/import")]
    public async Task ServerAddress_GetsElsaApiAppendedOnce(string server, string expected)
    {
        using var file = new TempFile(Definition("hello"));
        var api = Accepting();

        var result = await TestCli.RunAsync(api.Environment(), "import", file.Path, "--server", server, "--api-key", Key);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, Assert.Single(api.Requests).Uri.ToString());
        Assert.DoesNotContain("pw", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Utf8ByteOrderMark_IsDropped_RestSentUnchanged()
    {
        using var file = new TempFile("");
        File.WriteAllText(file.Path, Definition("bom"), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var api = Accepting();

        var result = await TestCli.RunAsync(api.Environment(), "import", file.Path, "--server", Server, "--api-key", Key);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Encoding.UTF8.GetBytes(Definition("bom")), Assert.Single(api.Requests).Body);
    }

    [Fact]
    public async Task BadRequest_PrintsTheServersProblems_ContinuesWithTheNextFile_ExitCode1()
    {
        using var folder = new TempFolder();
        folder.Write("a-broken.json", Definition("broken"));
        folder.Write("b-good.json", Definition("good"));
        var api = new FakeWorkflowApi(request => request.BodyText.Contains("broken", StringComparison.Ordinal)
            ? FakeWorkflowApi.Problem(HttpStatusCode.BadRequest, "Invalid workflow definition", "The definition has 2 problems.",
                new Dictionary<string, string[]> { ["Mystery1"] = ["Unknown activity type 'Acme.DoesNotExist'."], ["root.connections[1]"] = ["Connection to missing activity 'Ghost1'."] })
            : FakeWorkflowApi.Saved(request, 4, HttpStatusCode.OK));

        var result = await TestCli.RunAsync(api.Environment(), "import", folder.Path, "--server", Server, "--api-key", Key);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            [$"failed {Path.Combine(folder.Path, "a-broken.json")}: 400 Bad Request — Invalid workflow definition — The definition has 2 problems. — Mystery1: Unknown activity type 'Acme.DoesNotExist'.; root.connections[1]: Connection to missing activity 'Ghost1'."],
            result.StderrLines);
        Assert.Equal([$"imported {Path.Combine(folder.Path, "b-good.json")} → good v4", $"imported 1 of 2 files into {Server}; 1 failed"], result.StdoutLines);
    }

    [Theory]
    [InlineData("""{"errors": ["first", "second"]}""", "400 Bad Request — first; second")]
    [InlineData("""{"statusCode": 400, "message": "One or more errors occurred!", "errors": {"GeneralErrors": ["Unknown activity type 'X'."]}}""", "400 Bad Request — One or more errors occurred! — Unknown activity type 'X'.")]
    [InlineData("""{"title": "Bad Request", "detail": "Malformed JSON (line 1, column 2)."}""", "400 Bad Request — Malformed JSON (line 1, column 2).")]
    [InlineData("""{"errors": [{"activityId": "Mystery1", "message": "Unknown type."}]}""", "400 Bad Request — Mystery1: Unknown type.")]
    [InlineData("plain text\nover lines", "400 Bad Request — plain text over lines")]
    [InlineData("", "400 Bad Request")]
    public async Task BadRequest_ProblemShapes_OnOneLine(string body, string expected)
    {
        using var file = new TempFile(Definition("x"), "x.json");
        var api = new FakeWorkflowApi(_ => new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent(body) });

        var result = await TestCli.RunAsync(api.Environment(), "import", file.Path, "--server", Server, "--api-key", Key);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"failed {file.Path}: {expected}", Assert.Single(result.StderrLines));
    }

    [Fact]
    public async Task ServerError_IsAFailureOfThatFile_ExitCode1()
    {
        using var file = new TempFile(Definition("x"));
        var api = new FakeWorkflowApi(_ => FakeWorkflowApi.Problem(HttpStatusCode.InternalServerError, "An unexpected error occurred.", "Trace id 0HN1."));

        var result = await TestCli.RunAsync(api.Environment(), "import", file.Path, "--server", Server, "--api-key", Key);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"failed {file.Path}: 500 Internal Server Error — An unexpected error occurred. — Trace id 0HN1.", Assert.Single(result.StderrLines));
        Assert.Equal($"imported 0 of 1 file into {Server}; 1 failed", Assert.Single(result.StdoutLines));
    }

    [Fact]
    public async Task Unauthorized_StopsAtTheFirstFile_ExitCode2_KeyNotShown()
    {
        using var folder = new TempFolder();
        folder.Write("a.json", Definition("a"));
        folder.Write("b.json", Definition("b"));
        var api = new FakeWorkflowApi(_ => FakeWorkflowApi.Problem(HttpStatusCode.Unauthorized, "Unauthorized", "The API key is unknown or revoked."));

        var result = await TestCli.RunAsync(api.Environment(), "import", folder.Path, "--server", Server, "--api-key", Key);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(api.Requests);
        Assert.Empty(result.Stdout);
        Assert.Equal([$"error: The server at {Server} did not accept the API key: 401 Unauthorized — The API key is unknown or revoked."], result.StderrLines);
        Assert.DoesNotContain(Key, result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forbidden_SaysTheKeyMayNotImport_ExitCode2()
    {
        using var file = new TempFile(Definition("a"));
        var api = new FakeWorkflowApi(_ => FakeWorkflowApi.Problem(HttpStatusCode.Forbidden, "Forbidden", "The viewer role may not change workflow definitions."));

        var result = await TestCli.RunAsync(api.Environment(), "import", file.Path, "--server", Server, "--api-key", Key);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            [$"error: The API key is not allowed to import workflow definitions on the server at {Server}: 403 Forbidden — The viewer role may not change workflow definitions."],
            result.StderrLines);
    }

    [Fact]
    public async Task NotFound_MeansNoWorkflowApiThere_ExitCode2()
    {
        using var file = new TempFile(Definition("a"));
        var api = new FakeWorkflowApi(_ => new HttpResponseMessage(HttpStatusCode.NotFound));

        var result = await TestCli.RunAsync(api.Environment(), "import", file.Path, "--server", Server, "--api-key", Key);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: The server at {Server} has no workflow import endpoint (elsa/api/workflow-definitions/import answered 404 Not Found)", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirect_AsksForTheOtherAddress_ExitCode2()
    {
        using var file = new TempFile(Definition("a"));
        var api = new FakeWorkflowApi(_ => new HttpResponseMessage(HttpStatusCode.MovedPermanently) { Headers = { Location = new Uri("https://ih.test/elsa/api/workflow-definitions/import") } });

        var result = await TestCli.RunAsync(api.Environment(), "import", file.Path, "--server", Server, "--api-key", Key);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            [$"error: The server at {Server} redirects to https://ih.test/elsa/api/workflow-definitions/import (301 Moved Permanently); pass the address it redirects to as --server."],
            result.StderrLines);
    }

    [Fact]
    public async Task UnreachableServer_OneLine_ExitCode2()
    {
        using var file = new TempFile(Definition("a"));
        var api = new FakeWorkflowApi(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (ih.test:80)", new SocketException((int)SocketError.ConnectionRefused)));

        var result = await TestCli.RunAsync(api.Environment(), "import", file.Path, "--server", Server, "--api-key", Key);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Equal([$"error: Cannot reach the server at {Server}: Connection refused (ih.test:80)."], result.StderrLines);
    }

    [Fact]
    public async Task UnreachableServer_RealSocket_OneLine_ExitCode2()
    {
        using var file = new TempFile(Definition("a"));
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var environment = new CliEnvironment { GetEnvironmentVariable = _ => null };
        var result = await TestCli.RunAsync(environment, "import", file.Path, "--server", $"http://127.0.0.1:{port}", "--api-key", Key);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith($"error: Cannot reach the server at http://127.0.0.1:{port}: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerNotAnswering_TimesOut_OneLine_ExitCode2()
    {
        using var file = new TempFile(Definition("a"));
        var api = new FakeWorkflowApi(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new NeverEndingContent() });
        var environment = new CliEnvironment { CreateHttpHandler = () => api, HttpTimeout = TimeSpan.FromMilliseconds(200) };

        var result = await TestCli.RunAsync(environment, "import", file.Path, "--server", Server, "--api-key", Key);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"error: The server at {Server} did not answer within 0.2 seconds."], result.StderrLines);
    }

    [Theory]
    [InlineData("{ \"definitionId\": ", "not valid JSON: Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed. (line 1, column 19)")]
    [InlineData("[1, 2]", "not a workflow definition: the file holds a JSON array, not an object")]
    public async Task FileThatIsNotAJsonObject_IsNotSent_ExitCode1(string content, string problem)
    {
        using var folder = new TempFolder();
        var bad = folder.Write("a.json", content);
        folder.Write("b.json", Definition("b"));
        var api = Accepting();

        var result = await TestCli.RunAsync(api.Environment(), "import", folder.Path, "--server", Server, "--api-key", Key);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"failed {bad}: {problem}"], result.StderrLines);
        Assert.Equal([Definition("b")], api.Requests.Select(r => r.BodyText));
    }

    [Fact]
    public async Task Publish_PostsPublishAfterEachImport()
    {
        using var file = new TempFile(Definition("hello"));
        var api = new FakeWorkflowApi(request => request.PathAndQuery.EndsWith("/publish", StringComparison.Ordinal)
            ? FakeWorkflowApi.Json(HttpStatusCode.OK, new { workflowDefinition = new { definitionId = "hello", version = 2, isPublished = true }, alreadyPublished = false })
            : FakeWorkflowApi.Saved(request, 2, HttpStatusCode.OK));

        var result = await TestCli.RunAsync(api.Environment(), "import", file.Path, "--server", Server, "--api-key", Key, "--publish");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([$"imported {file.Path} → hello v2 (published)", $"imported 1 of 1 file (published) into {Server}"], result.StdoutLines);
        Assert.Equal(["/elsa/api/workflow-definitions/import", "/elsa/api/workflow-definitions/hello/publish"], api.Requests.Select(r => r.PathAndQuery));
        Assert.Equal("{}", api.Requests[1].BodyText);
        Assert.Equal($"ApiKey {Key}", api.Requests[1].Authorization);
    }

    [Fact]
    public async Task Publish_Refused_IsAFailureOfThatFile_ExitCode1()
    {
        using var file = new TempFile(Definition("hello"));
        var api = new FakeWorkflowApi(request => request.PathAndQuery.EndsWith("/publish", StringComparison.Ordinal)
            ? FakeWorkflowApi.Problem(HttpStatusCode.BadRequest, "The workflow definition cannot be published", errors: new[] { "WriteLine1: required input 'Text' has no value." })
            : FakeWorkflowApi.Saved(request, 1));

        var result = await TestCli.RunAsync(api.Environment(), "import", file.Path, "--server", Server, "--api-key", Key, "--publish");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            [$"failed {file.Path}: imported as hello v1, but publishing failed: 400 Bad Request — The workflow definition cannot be published — WriteLine1: required input 'Text' has no value."],
            result.StderrLines);
    }

    [Fact]
    public async Task MissingServer_ExitCode2()
    {
        using var file = new TempFile(Definition("a"));

        var result = await TestCli.RunAsync(Accepting().Environment(), "import", file.Path, "--api-key", Key);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["error: 'import' needs --server <url>, the server's address (e.g. http://localhost:5000). Run 'intellyhub import --help' for usage."], result.StderrLines);
    }

    [Fact]
    public async Task MissingApiKey_ExitCode2()
    {
        using var file = new TempFile(Definition("a"));

        var result = await TestCli.RunAsync(Accepting().Environment(), "import", file.Path, "--server", Server);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["error: 'import' needs an API key: pass --api-key <key> or set the INTELLYHUB_API_KEY environment variable."], result.StderrLines);
    }

    [Theory]
    [InlineData("localhost:5000")]
    [InlineData("ftp://ih.test")]
    [InlineData("not a url")]
    [InlineData("http://ih.test/?x=1")]
    public async Task BadServerAddress_ExitCode2(string server)
    {
        using var file = new TempFile(Definition("a"));
        var api = Accepting();

        var result = await TestCli.RunAsync(api.Environment(), "import", file.Path, "--server", server, "--api-key", Key);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: --server must be ", Assert.Single(result.StderrLines), StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }

    [Theory]
    [InlineData(new[] { "import", "--server", Server, "--api-key", Key }, "error: 'import' needs a definition file, a folder or a .zip archive. Run 'intellyhub import --help' for usage.")]
    [InlineData(new[] { "import", "missing.json", "--server", Server, "--api-key", Key }, "error: File or folder not found: 'missing.json'.")]
    [InlineData(new[] { "import", "x.json", "--server", Server, "--api-key", "" }, "error: The API key given with --api-key is empty.")]
    [InlineData(new[] { "import", "x.json", "--server", Server, "--api-key", Key, "--publish=yes" }, "error: Option '--publish' takes no value.")]
    [InlineData(new[] { "import", "x.json", "--server", Server, "--server", Server }, "error: Option '--server' is given more than once.")]
    [InlineData(new[] { "import", "x.json", "--force" }, "error: Unknown option '--force' for 'import'. Run 'intellyhub import --help' for usage.")]
    [InlineData(new[] { "import", "x.json", "--server" }, "error: Option '--server' needs a value.")]
    public async Task UsageErrors_OneLine_ExitCode2(string[] args, string message)
    {
        var api = Accepting();

        var result = await TestCli.RunAsync(api.Environment(), args);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Equal([message], result.StderrLines);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task EmptyFolder_ExitCode2()
    {
        using var folder = new TempFolder();
        folder.Write("notes.txt", "x");

        var result = await TestCli.RunAsync(Accepting().Environment(), "import", folder.Path, "--server", Server, "--api-key", Key);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"error: No *.json files in the folder '{folder.Path}'."], result.StderrLines);
    }

    [Fact]
    public async Task BrokenZip_ExitCode2()
    {
        using var file = new TempFile("this is no zip", "definitions.zip");

        var result = await TestCli.RunAsync(Accepting().Environment(), "import", file.Path, "--server", Server, "--api-key", Key);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: Cannot read the archive '{file.Path}': ", Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RelativePaths_StartFromTheWorkingDirectory_AndAreShownAsGiven()
    {
        using var folder = new TempFolder();
        folder.Write(Path.Combine("defs", "a.json"), Definition("a"));
        var api = Accepting();

        var result = await TestCli.RunAsync(api.Environment(workingDirectory: folder.Path), "import", "defs", "--server", Server, "--api-key", Key);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"imported {Path.Combine("defs", "a.json")} → a v1", result.StdoutLines[0]);
    }

    /// <summary>A body that never arrives: the request hangs until the client gives up.</summary>
    private sealed class NeverEndingContent : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => await Task.Delay(Timeout.Infinite);

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken) =>
            await Task.Delay(Timeout.Infinite, cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
