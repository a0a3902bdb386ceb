using System.Net;
using System.Text.Json;
using IntellyHub.Cli.Remote;
using IntellyHub.Cli.Transfer;

namespace IntellyHub.Cli.Commands;

/// <summary>
/// <c>intellyhub export</c>: downloads definitions from <c>GET /elsa/api/workflow-definitions/{id}/export</c> — the named
/// ones, or every one the server lists — and writes each to <c>&lt;definitionId&gt;.json</c>.
/// </summary>
public sealed class ExportCommand(CliEnvironment environment) : ICliCommand
{
    private const string DefinitionIdOption = "--definition-id";
    private const string VersionOptionsOption = "--version-options";
    private const string OutOption = "--out";
    private const int PageSize = 100;

    public string Name => "export";

    public string Summary => "Export definitions from a server, one <definitionId>.json file each.";

    public string Usage =>
        $"""
        Usage:
          intellyhub export --server <url> [--api-key <key>] [--definition-id <id>]... [--version-options Latest|Published] [--out <folder>]

        Downloads workflow definitions from the server's workflow API (GET <url>/elsa/api/workflow-definitions/<id>/export)
        and writes each as indented JSON to <folder>/<definitionId>.json, in the file format 'intellyhub import' and
        Elsa 3 read. Without --definition-id, exports every definition the server lists. Prints one line per
        definition: "exported <definitionId> v<version> → <file>" on stdout, or "failed <definitionId>: <the server's
        problem>" on stderr, then a summary. Existing files are overwritten.

        Options:
          --server <url>               The server's address, e.g. http://localhost:5000.
          --api-key <key>              An API key (any role may export; Authorization: ApiKey <key>).
                                       Default: the {WorkflowApiClient.ApiKeyVariable} environment variable.
          --definition-id <id>         A definition to export; repeat the option for several. Default: all.
          --version-options <which>    Latest (default: the newest version, draft or published) or Published.
          --out <folder>               Where the files go (created if missing). Default: the current folder.
          -h, --help                   Show this help.

        Exit codes:
          0  every definition was exported (also when the server has none)
          1  some definition was not: not found, or the server failed
          2  bad input: bad option, --out is a file, no --server or API key, server unreachable or not answering,
             API key rejected (401) or not allowed to read definitions (403)
        """;

    public async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var arguments = CommandArguments.Parse(Name, args, new CommandOptions
        {
            Values = [WorkflowApiClient.ServerOption, WorkflowApiClient.ApiKeyOption, VersionOptionsOption, OutOption],
            Repeatable = [DefinitionIdOption],
        });
        if (arguments.HelpRequested)
        {
            await console.Out.WriteLineAsync(Usage);
            return ExitCodes.Success;
        }

        if (arguments.Positionals.Count > 0)
            throw new CliInputException($"'{Name}' takes no arguments, but got: {string.Join(' ', arguments.Positionals)}. Name definitions with {DefinitionIdOption} <id>.");
        var versionOptions = ParseVersionOptions(arguments.GetOption(VersionOptionsOption));
        var requested = arguments.GetOptions(DefinitionIdOption).Select(id => id.Trim()).ToList();
        if (requested.Exists(id => id.Length == 0)) throw new CliInputException($"{DefinitionIdOption} needs a definition id, not an empty value.");
        var outOption = arguments.GetOption(OutOption);
        if (outOption is { Length: 0 }) throw new CliInputException($"{OutOption} needs a folder, not an empty value.");
        var outFolder = environment.FullPath(outOption ?? ".");
        if (File.Exists(outFolder)) throw new CliInputException($"{OutOption} '{outOption}' is a file, not a folder.");
        using var api = WorkflowApiClient.Connect(arguments, Name, environment);

        var definitionIds = requested.Count > 0 ? requested.Distinct(StringComparer.Ordinal).ToList() : await ListAsync(api, versionOptions, cancellationToken);
        if (definitionIds.Count == 0)
        {
            await console.Out.WriteLineAsync($"nothing to export: the server at {api.Server} lists no {versionOptions.ToLowerInvariant()} workflow definitions");
            return ExitCodes.Success;
        }

        try
        {
            Directory.CreateDirectory(outFolder);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliInputException($"Cannot create the folder '{outOption}' ({OutOption}): {CliApplication.OneLine(exception.Message)}");
        }

        var written = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var exported = 0;
        foreach (var definitionId in definitionIds)
        {
            var answer = await api.SendAsync(HttpMethod.Get, $"workflow-definitions/{Uri.EscapeDataString(definitionId)}/export?versionOptions={versionOptions}", null, "read workflow definitions", cancellationToken);
            if (!answer.IsSuccess)
            {
                var reason = answer.Status == HttpStatusCode.NotFound ? $"no {versionOptions.ToLowerInvariant()} version found ({answer.Describe()})" : answer.Describe();
                await console.Error.WriteLineAsync($"failed {definitionId}: {reason}");
                continue;
            }

            if (answer.JsonObject() is not { } definition)
            {
                await console.Error.WriteLineAsync($"failed {definitionId}: the server's answer is not a JSON workflow definition");
                continue;
            }

            var fileName = UniqueFileName(DefinitionJson.FileName(DefinitionJson.Text(definition, "definitionId") ?? definitionId), written);
            var shownPath = outOption is null ? fileName : Path.Combine(outOption, fileName);
            try
            {
                await File.WriteAllBytesAsync(Path.Combine(outFolder, fileName), DefinitionJson.Indent(definition), cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                await console.Error.WriteLineAsync($"failed {definitionId}: cannot write '{shownPath}': {CliApplication.OneLine(exception.Message)}");
                continue;
            }

            exported++;
            await console.Out.WriteLineAsync($"exported {definitionId} v{DefinitionJson.Version(definition)} → {shownPath}");
        }

        var failed = definitionIds.Count - exported;
        var summary = $"exported {exported} of {definitionIds.Count} definition{(definitionIds.Count == 1 ? "" : "s")} from {api.Server} to {outOption ?? "the current folder"}";
        await console.Out.WriteLineAsync(failed == 0 ? summary : $"{summary}; {failed} failed");
        return failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static string ParseVersionOptions(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "latest" => "Latest",
        "published" => "Published",
        _ => throw new CliInputException($"{VersionOptionsOption} must be Latest or Published, not '{value}'."),
    };

    /// <summary>The definition ids the server lists, page by page, sorted.</summary>
    private static async Task<List<string>> ListAsync(WorkflowApiClient api, string versionOptions, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 0; ; page++)
        {
            var answer = await api.SendAsync(HttpMethod.Get, $"workflow-definitions?versionOptions={versionOptions}&page={page}&pageSize={PageSize}", null, "read workflow definitions", cancellationToken);
            if (answer.Status == HttpStatusCode.NotFound)
                throw new CliInputException($"The server at {api.Server} has no workflow definitions endpoint ({WorkflowApiClient.ApiPath}/workflow-definitions answered {answer.Describe()}); is it an IntellyHub or Elsa 3 server?");
            if (!answer.IsSuccess) throw new CliFailureException($"Listing the workflow definitions failed: {answer.Describe()}");
            if (answer.JsonObject() is not { } list || !list.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
                throw new CliFailureException($"The server at {api.Server} answered the definition list with something other than {{\"items\": [...]}}.");

            var count = 0;
            var added = 0;
            foreach (var item in items.EnumerateArray())
            {
                count++;
                if (DefinitionJson.Text(item, "definitionId") is { Length: > 0 } id && ids.Add(id)) added++;
            }

            var total = list.TryGetProperty("totalCount", out var totalCount) && totalCount.TryGetInt64(out var value) ? value : (long?)null;
            // A page that adds nothing new ends the walk too, so a server that ignores paging cannot loop it forever.
            var done = count == 0 || added == 0 || (total is { } known ? (long)(page + 1) * PageSize >= known : count < PageSize);
            if (done) return [.. ids.Order(StringComparer.Ordinal)];
        }
    }

    private static string UniqueFileName(string fileName, HashSet<string> written)
    {
        var name = fileName;
        for (var n = 2; !written.Add(name); n++) name = $"{Path.GetFileNameWithoutExtension(fileName)}-{n}.json";
        return name;
    }
}
