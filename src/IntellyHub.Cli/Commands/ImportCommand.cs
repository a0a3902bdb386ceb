using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using IntellyHub.Cli.Remote;
using IntellyHub.Cli.Transfer;

namespace IntellyHub.Cli.Commands;

/// <summary>
/// <c>intellyhub import</c>: sends definition files — as IntellyHub or an Elsa 3 server exported them — to
/// <c>POST /elsa/api/workflow-definitions/import</c>, one request per file, and optionally publishes each.
/// </summary>
public sealed class ImportCommand(CliEnvironment environment) : ICliCommand
{
    private const string PublishFlag = "--publish";

    public string Name => "import";

    public string Summary => "Import definition files (a file, a folder or a .zip) into a server.";

    public string Usage =>
        $"""
        Usage:
          intellyhub import <file.json|folder|archive.zip>... --server <url> [--api-key <key>] [--publish]

        Sends each workflow definition file to the server's workflow API (POST <url>/elsa/api/workflow-definitions/import),
        unchanged: files exported by IntellyHub or by an Elsa 3 server import as they are. The server stores the file as
        the newest version of the definition with its definitionId (creating the definition when it is new); whether
        that version is published is the server's choice (IntellyHub follows the file's isPublished), unless --publish.
        A folder imports every *.json below it (recursively, sorted by path, hidden ones skipped); a .zip archive every
        *.json in it.
        Prints one line per file: "imported <file> → <definitionId> v<version>" on stdout, or "failed <file>: <the
        server's problem>" on stderr, then a summary.

        Options:
          --server <url>     The server's address, e.g. http://localhost:5000.
          --api-key <key>    An API key of the editor or admin role (Authorization: ApiKey <key>).
                             Default: the {WorkflowApiClient.ApiKeyVariable} environment variable, which keeps the key
                             out of the shell history and the process list.
          --publish          Publish each definition after importing it (POST …/workflow-definitions/<id>/publish).
          -h, --help         Show this help.

        Exit codes:
          0  every file was imported (and published)
          1  some file was not: malformed JSON, or the server refused it (unknown activity type, dangling connection…)
          2  bad input: no files or missing path, no --server or API key, server unreachable or not answering,
             API key rejected (401) or not allowed to import (403)
        """;

    public async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var arguments = CommandArguments.Parse(Name, args, new CommandOptions
        {
            Values = [WorkflowApiClient.ServerOption, WorkflowApiClient.ApiKeyOption],
            Flags = [PublishFlag],
        });
        if (arguments.HelpRequested)
        {
            await console.Out.WriteLineAsync(Usage);
            return ExitCodes.Success;
        }

        if (arguments.Positionals.Count == 0)
            throw new CliInputException($"'{Name}' needs a definition file, a folder or a .zip archive. Run 'intellyhub {Name} --help' for usage.");
        using var api = WorkflowApiClient.Connect(arguments, Name, environment);
        var files = ImportFile.Collect(arguments.Positionals, environment);
        var publish = arguments.HasFlag(PublishFlag);

        var imported = 0;
        foreach (var file in files)
        {
            var (result, problem) = await ImportAsync(api, file, publish, cancellationToken);
            if (problem is null)
            {
                imported++;
                await console.Out.WriteLineAsync($"imported {file.Label} → {result}");
            }
            else
            {
                await console.Error.WriteLineAsync($"failed {file.Label}: {problem}");
            }
        }

        var failed = files.Count - imported;
        var summary = $"imported {imported} of {files.Count} file{(files.Count == 1 ? "" : "s")}{(publish ? " (published)" : "")} into {api.Server}";
        await console.Out.WriteLineAsync(failed == 0 ? summary : $"{summary}; {failed} failed");
        return failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    /// <summary>"&lt;definitionId&gt; v&lt;version&gt;" of the saved definition, or the reason it was not imported.</summary>
    private static async Task<(string? Result, string? Problem)> ImportAsync(WorkflowApiClient api, ImportFile file, bool publish, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await file.ReadAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read the file: {CliApplication.OneLine(exception.Message)}");
        }

        var (body, definition, localProblem) = DefinitionJson.ForImport(bytes);
        if (body is null) return (null, localProblem);

        var answer = await api.SendAsync(HttpMethod.Post, "workflow-definitions/import", JsonContent(body), "import workflow definitions", cancellationToken);
        if (answer.Status == HttpStatusCode.NotFound)
            throw new CliInputException($"The server at {api.Server} has no workflow import endpoint ({WorkflowApiClient.ApiPath}/workflow-definitions/import answered {answer.Describe()}); is it an IntellyHub or Elsa 3 server?");
        if (!answer.IsSuccess) return (null, answer.Describe());

        var saved = answer.JsonObject() ?? definition;
        var definitionId = DefinitionJson.Text(saved, "definitionId") ?? DefinitionJson.Text(definition, "definitionId") ?? "?";
        var version = DefinitionJson.Version(saved);
        if (!publish) return ($"{definitionId} v{version}", null);

        var published = await api.SendAsync(HttpMethod.Post, $"workflow-definitions/{Uri.EscapeDataString(definitionId)}/publish", JsonContent("{}"u8.ToArray()), "publish workflow definitions", cancellationToken);
        if (!published.IsSuccess) return (null, $"imported as {definitionId} v{version}, but publishing failed: {published.Describe()}");
        if (published.JsonObject() is { } response)
        {
            var model = response.TryGetProperty("workflowDefinition", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : response;
            if (DefinitionJson.Version(model) is not "?" and var publishedVersion) version = publishedVersion;
        }

        return ($"{definitionId} v{version} (published)", null);
    }

    private static ByteArrayContent JsonContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }
}
