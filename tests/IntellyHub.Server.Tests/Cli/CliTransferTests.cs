using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntellyHub.Cli;
using IntellyHub.Server.Security;
using IntellyHub.Server.Tests.Testing;

namespace IntellyHub.Server.Tests.Cli;

public sealed class SqliteCliTransferTests(SqliteApiServer server) : CliTransferTests(server), IClassFixture<SqliteApiServer>;

public sealed class PostgreSqlCliTransferTests(PostgreSqlApiServer server) : CliTransferTests(server), IClassFixture<PostgreSqlApiServer>;

/// <summary>
/// <c>intellyhub import</c> and <c>export</c> against the real server in memory (its handler behind the tool's HTTP
/// client, no socket): the samples and an Elsa 3 export go in unchanged and come back out with the same design.
/// </summary>
public abstract class CliTransferTests(ApiServer server) : IDisposable
{
    private const string Server = "http://localhost";

    /// <summary>
    /// Fields of a version or of the storing server, not of the design: they may differ after a round trip (the
    /// server writes its own <c>materializerName</c>, as Elsa does).
    /// </summary>
    private static readonly string[] VersionFields = ["$schema", "id", "version", "createdAt", "isLatest", "isPublished", "materializerName"];

    private readonly ConcurrentQueue<string> _serverErrors = new();
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        _folder.Dispose();
        Assert.Empty(_serverErrors);
        Assert.Empty(server.ServerErrors);
        GC.SuppressFinalize(this);
    }

    /// <summary>The samples of src/IntellyHub.Cli/samples, copied next to the tests with the referenced tool.</summary>
    private static string SamplesFolder => Path.Combine(AppContext.BaseDirectory, "samples");

    [Fact]
    public async Task Samples_ImportThenExportAll_SameDesigns_AndTheExportImportsAgain()
    {
        var samples = Directory.GetFiles(SamplesFolder, "*.json").Order(StringComparer.Ordinal).ToList();
        Assert.True(samples.Count >= 9, $"only {samples.Count} samples in {SamplesFolder}");
        var key = await server.Factory.CreateApiKeyAsync(Roles.Editor);

        var imported = await RunAsync("import", SamplesFolder, "--server", Server, "--api-key", key);

        Assert.True(imported.ExitCode == 0, imported.ToString());
        foreach (var sample in samples)
            Assert.Contains($"imported {sample} → {DefinitionId(sample)} v1", imported.StdoutLines);
        Assert.Equal($"imported {samples.Count} of {samples.Count} files into {Server}", imported.StdoutLines[^1]);

        var exportFolder = Path.Combine(_folder.Path, "exported");
        var exported = await RunAsync("export", "--server", Server, "--api-key", key, "--out", exportFolder);

        Assert.True(exported.ExitCode == 0, exported.ToString());
        foreach (var sample in samples)
        {
            var file = Path.Combine(exportFolder, $"{DefinitionId(sample)}.json");
            Assert.Contains($"exported {DefinitionId(sample)} v1 → {file}", exported.StdoutLines);
            AssertSameDesign(sample, file);
            // The file holds what the server's export endpoint returns, indented.
            var direct = await server.Editor.GetAsync($"/elsa/api/workflow-definitions/{DefinitionId(sample)}/export?versionOptions=Latest");
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(await direct.Content.ReadAsStringAsync()), JsonNode.Parse(File.ReadAllText(file))), file);
            Assert.Contains("\n  \"definitionId\": ", File.ReadAllText(file), StringComparison.Ordinal);
        }

        // What IntellyHub exported imports unchanged, and the designs stay the same.
        var reimported = await RunAsync("import", exportFolder, "--server", Server, "--api-key", key);
        Assert.True(reimported.ExitCode == 0, reimported.ToString());
        var again = Path.Combine(_folder.Path, "again");
        var reexported = await RunAsync(["export", "--server", Server, "--api-key", key, "--out", again, .. samples.SelectMany(s => new[] { "--definition-id", DefinitionId(s) })]);
        Assert.True(reexported.ExitCode == 0, reexported.ToString());
        foreach (var sample in samples) AssertSameDesign(sample, Path.Combine(again, $"{DefinitionId(sample)}.json"));
    }

    [Fact]
    public async Task ServerBulkExportZip_ImportsUnchanged()
    {
        var key = await server.Factory.CreateApiKeyAsync(Roles.Editor);
        var ids = new[] { NewId("zip-a"), NewId("zip-b") };
        foreach (var id in ids) Assert.Equal(0, (await RunAsync("import", WriteDefinition(id), "--server", Server, "--api-key", key)).ExitCode);
        var list = await server.Editor.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-definitions?versionOptions=Latest&pageSize=1000");
        var versionIds = ((JsonArray)list!["items"]!).Where(i => ids.Contains((string?)i!["definitionId"])).Select(i => (string)i!["id"]!).ToArray();
        using var zipResponse = await server.Editor.PostAsJsonAsync("/elsa/api/bulk-actions/export/workflow-definitions", new { ids = versionIds });
        Assert.Equal(HttpStatusCode.OK, zipResponse.StatusCode);
        var zip = Path.Combine(_folder.Path, "workflow-definitions.zip");
        await File.WriteAllBytesAsync(zip, await zipResponse.Content.ReadAsByteArrayAsync());

        var result = await RunAsync("import", zip, "--server", Server, "--api-key", key);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, result.StdoutLines.Count(l => l.StartsWith($"imported {zip}:workflow-definition-", StringComparison.Ordinal)));
        foreach (var id in ids) Assert.Contains(result.StdoutLines, l => l.EndsWith($"→ {id} v2", StringComparison.Ordinal) || l.EndsWith($"→ {id} v1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Elsa3ExportedFile_ImportsUnchanged_AndExportsWithTheSameDesign()
    {
        var key = await server.Factory.CreateApiKeyAsync(Roles.Editor);
        var file = Path.Combine(_folder.Path, ElsaExportFixture.FileName);
        await File.WriteAllTextAsync(file, ElsaExportFixture.Json);

        var imported = await RunAsync("import", file, "--server", Server, "--api-key", key);

        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.Matches($@"^imported {System.Text.RegularExpressions.Regex.Escape(file)} → {ElsaExportFixture.DefinitionId} v\d+$", imported.StdoutLines[0]);

        // The file says isPublished: the server published it, so both Latest and Published export it.
        var exportFolder = Path.Combine(_folder.Path, "out");
        var exported = await RunAsync("export", "--server", Server, "--api-key", key, "--definition-id", ElsaExportFixture.DefinitionId, "--version-options", "Published", "--out", exportFolder);

        Assert.True(exported.ExitCode == 0, exported.ToString());
        AssertSameDesign(file, Path.Combine(exportFolder, $"{ElsaExportFixture.DefinitionId}.json"));
    }

    [Fact]
    public async Task Publish_PublishesAnImportedDraft()
    {
        var key = await server.Factory.CreateApiKeyAsync(Roles.Editor);
        var draft = NewId("draft");
        var published = NewId("published");
        var outFolder = Path.Combine(_folder.Path, "out");

        var asDraft = await RunAsync("import", WriteDefinition(draft, isPublished: false), "--server", Server, "--api-key", key);
        var withPublish = await RunAsync("import", WriteDefinition(published, isPublished: false), "--server", Server, "--api-key", key, "--publish");
        var export = await RunAsync("export", "--server", Server, "--api-key", key, "--version-options", "Published", "--definition-id", draft, "--definition-id", published, "--out", outFolder);

        Assert.True(asDraft.ExitCode == 0, asDraft.ToString());
        Assert.True(withPublish.ExitCode == 0, withPublish.ToString());
        Assert.EndsWith($"→ {published} v1 (published)", withPublish.StdoutLines[0], StringComparison.Ordinal);
        Assert.Equal(1, export.ExitCode);
        Assert.Equal([$"failed {draft}: no published version found (404 Not Found — No version of workflow definition '{draft}' matches 'Published'.)"], export.StderrLines);
        Assert.True(File.Exists(Path.Combine(outFolder, $"{published}.json")));
    }

    [Fact]
    public async Task InvalidDefinition_ServersProblemPrinted_OtherFilesImported_ExitCode1()
    {
        var key = await server.Factory.CreateApiKeyAsync(Roles.Editor);
        var folder = Path.Combine(_folder.Path, "mixed");
        Directory.CreateDirectory(folder);
        var good = NewId("good");
        File.Copy(WriteDefinition(good), Path.Combine(folder, "b-good.json"));
        var bad = Path.Combine(folder, "a-unknown-type.json");
        await File.WriteAllTextAsync(bad, (await File.ReadAllTextAsync(WriteDefinition(NewId("bad")))).Replace("\"Elsa.WriteLine\"", "\"Acme.DoesNotExist\"", StringComparison.Ordinal));

        var result = await RunAsync("import", folder, "--server", Server, "--api-key", key);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith($"failed {bad}: 400 Bad Request — ", line, StringComparison.Ordinal);
        Assert.Contains("Acme.DoesNotExist", line, StringComparison.Ordinal);
        Assert.Equal([$"imported {Path.Combine(folder, "b-good.json")} → {good} v1", $"imported 1 of 2 files into {Server}; 1 failed"], result.StdoutLines);
    }

    [Fact]
    public async Task ViewerKey_MayExportButNotImport_ExitCode2()
    {
        var editorKey = await server.Factory.CreateApiKeyAsync(Roles.Editor);
        var viewerKey = await server.Factory.CreateApiKeyAsync(Roles.Viewer);
        var id = NewId("viewer");
        Assert.Equal(0, (await RunAsync("import", WriteDefinition(id), "--server", Server, "--api-key", editorKey)).ExitCode);

        var import = await RunAsync("import", WriteDefinition(NewId("viewer")), "--server", Server, "--api-key", viewerKey);
        var export = await RunAsync("export", "--server", Server, "--api-key", viewerKey, "--definition-id", id, "--out", _folder.Path);

        Assert.Equal(2, import.ExitCode);
        Assert.StartsWith($"error: The API key is not allowed to import workflow definitions on the server at {Server}: 403 Forbidden", Assert.Single(import.StderrLines), StringComparison.Ordinal);
        Assert.DoesNotContain(viewerKey, import.Stdout + import.Stderr, StringComparison.Ordinal);
        Assert.True(export.ExitCode == 0, export.ToString());
    }

    [Fact]
    public async Task UnknownKey_ExitCode2_KeyNotShown()
    {
        const string key = "ih_not-a-real-key-0123456789";

        var import = await RunAsync("import", WriteDefinition(NewId("nokey")), "--server", Server, "--api-key", key);
        var export = await RunAsync("export", "--server", Server, "--api-key", key, "--out", _folder.Path);

        foreach (var result in new[] { import, export })
        {
            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith($"error: The server at {Server} did not accept the API key: 401 Unauthorized", Assert.Single(result.StderrLines), StringComparison.Ordinal);
            Assert.DoesNotContain(key, result.Stdout + result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ExportOfAMissingDefinition_404_ExitCode1()
    {
        var key = await server.Factory.CreateApiKeyAsync(Roles.Viewer);
        var missing = NewId("missing");

        var result = await RunAsync("export", "--server", Server, "--api-key", key, "--definition-id", missing, "--out", _folder.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"failed {missing}: no latest version found (404 Not Found — No version of workflow definition '{missing}' matches 'Latest'.)"], result.StderrLines);
    }

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    private static string DefinitionId(string file) => (string)JsonNode.Parse(File.ReadAllText(file))!["definitionId"]!;

    /// <summary>hello.json with another definition id (and publish state), written to the test's folder.</summary>
    private string WriteDefinition(string definitionId, bool isPublished = true)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(SamplesFolder, "hello.json")))!.AsObject();
        json["definitionId"] = definitionId;
        json["id"] = $"{definitionId}-v1";
        json["name"] = definitionId;
        json["isPublished"] = isPublished;
        var path = Path.Combine(_folder.Path, $"{definitionId}.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    /// <summary>
    /// Every field of the imported file but the version's own is in the exported file with the same value, at every
    /// depth (same activities, inputs, connections, variables, designer positions…). The server may only add empty
    /// defaults an Elsa model has, such as a container's <c>"variables": []</c>.
    /// </summary>
    private static void AssertSameDesign(string importedFile, string exportedFile)
    {
        var imported = JsonNode.Parse(File.ReadAllText(importedFile))!.AsObject();
        var exported = JsonNode.Parse(File.ReadAllText(exportedFile))!.AsObject();
        foreach (var name in VersionFields)
        {
            imported.Remove(name);
            exported.Remove(name);
        }

        var differences = new List<string>();
        CompareDesign(imported, exported, "$", differences);
        Assert.True(differences.Count == 0, $"{Path.GetFileName(exportedFile)} differs from {Path.GetFileName(importedFile)}:\n{string.Join('\n', differences)}");
    }

    private static void CompareDesign(JsonNode? imported, JsonNode? exported, string path, List<string> differences)
    {
        switch (imported, exported)
        {
            case (JsonObject importedObject, JsonObject exportedObject):
                foreach (var (name, value) in importedObject)
                {
                    if (exportedObject.ContainsKey(name)) CompareDesign(value, exportedObject[name], $"{path}.{name}", differences);
                    else if (!IsEmpty(value)) differences.Add($"{path}.{name}: missing in the export");
                }

                foreach (var (name, value) in exportedObject)
                    if (!importedObject.ContainsKey(name) && !IsEmpty(value))
                        differences.Add($"{path}.{name}: added by the export: {value!.ToJsonString()}");
                break;
            case (JsonArray importedArray, JsonArray exportedArray) when importedArray.Count == exportedArray.Count:
                for (var i = 0; i < importedArray.Count; i++) CompareDesign(importedArray[i], exportedArray[i], $"{path}[{i}]", differences);
                break;
            default:
                if (!JsonNode.DeepEquals(imported, exported))
                    differences.Add($"{path}: imported {imported?.ToJsonString() ?? "null"}, exported {exported?.ToJsonString() ?? "null"}");
                break;
        }
    }

    private static bool IsEmpty(JsonNode? node) => node is null || node is JsonArray { Count: 0 } || node is JsonObject { Count: 0 };

    /// <summary>Runs the tool with the in-memory server behind its HTTP client (5xx answers are recorded).</summary>
    private async Task<CliRun> RunAsync(params string[] args)
    {
        var environment = new CliEnvironment
        {
            CreateHttpHandler = () => new ServerErrorRecorder(_serverErrors) { InnerHandler = server.Factory.Server.CreateHandler() },
            GetEnvironmentVariable = _ => null,
        };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CliApplication.RunAsync(args, stdout, stderr, environment);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    private sealed record CliRun(int ExitCode, string Stdout, string Stderr)
    {
        public IReadOnlyList<string> StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        public IReadOnlyList<string> StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    private sealed class ServerErrorRecorder(ConcurrentQueue<string> errors) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode >= 500) errors.Enqueue($"{request.Method} {request.RequestUri?.PathAndQuery} → {(int)response.StatusCode}");
            return response;
        }
    }
}
