using System.Text.Json;
using IntellyHub.Cli.Engine;
using IntellyHub.Cli.Reports;
using IntellyHub.Workflows;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace IntellyHub.Cli.Commands;

/// <summary>
/// <c>intellyhub run</c>: runs a definition in memory until it finishes, faults or waits, and prints the
/// end state as one JSON document. <c>Elsa.WriteLine</c> text goes to stderr.
/// </summary>
public sealed class RunCommand : ICliCommand
{
    private const string InputOption = "--input";
    private const string WorkflowsOption = "--workflows";

    public string Name => "run";

    public string Summary => "Run a workflow definition in memory and print the result as JSON.";

    public string Usage =>
        """
        Usage:
          intellyhub run <definition.json> [--input <json>] [--workflows <folder>]

        Runs the workflow in memory until it finishes, faults or waits on a bookmark, then prints one JSON
        document to stdout: status, subStatus, output, variables (by name), bookmarks, incidents and the
        journal of activity executions. Text written by Elsa.WriteLine goes to stderr.

        Options:
          --input <json>        Workflow input as a JSON object, e.g. --input '{"amount": 150}'.
                                Scripts read it with getInput('amount'); Liquid with {{ Input.amount }}.
          --workflows <folder>  Where Elsa.ExecuteWorkflow finds child workflows (by definitionId, among the
                                folder's *.json files). Default: the folder of the definition file.
          -h, --help            Show this help.

        Exit codes:
          0  the workflow finished, or is suspended (waiting on a bookmark)
          1  the workflow faulted or was cancelled (see "incidents")
          2  bad input: missing file, malformed JSON, unreadable definition, bad --input, unknown option
        """;

    public async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var arguments = CommandArguments.Parse(Name, args, InputOption, WorkflowsOption);
        if (arguments.HelpRequested)
        {
            await console.Out.WriteLineAsync(Usage);
            return ExitCodes.Success;
        }

        var path = arguments.GetSinglePositional(Name, "definition file");
        var input = ParseInput(arguments.GetOption(InputOption));
        var json = await DefinitionFile.ReadTextAsync(path, cancellationToken);
        var workflowsFolder = arguments.GetOption(WorkflowsOption) ?? Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(workflowsFolder)) throw new CliInputException($"Folder not found: '{workflowsFolder}' ({WorkflowsOption}).");

        await using var services = CliEngine.Create(console.Error, workflowsFolder);
        var read = services.GetRequiredService<WorkflowDefinitionSerializer>().Read(json);
        if (read.Definition is null || read.Problems.Count > 0)
        {
            foreach (var problem in read.Problems.Skip(1)) await console.Error.WriteLineAsync($"  {DefinitionFile.Describe(problem)}");
            var first = read.Problems.Count > 0 ? DefinitionFile.Describe(read.Problems[0]) : "the definition is unusable";
            throw new CliInputException($"Cannot run '{path}': {first}" + (read.Problems.Count > 1 ? $" (and {read.Problems.Count - 1} more, listed above)" : ""));
        }

        var runner = services.GetRequiredService<WorkflowRunner>();
        var result = await runner.RunAsync(read.Definition.ToWorkflow(), new RunWorkflowOptions { Input = input }, cancellationToken);
        await console.Error.FlushAsync(cancellationToken);
        await console.Out.WriteLineAsync(RunReport.From(result).ToJson());
        return result.SubStatus is WorkflowSubStatus.Faulted or WorkflowSubStatus.Cancelled ? ExitCodes.Failure : ExitCodes.Success;
    }

    /// <summary>The <c>--input</c> value: a JSON object of named inputs.</summary>
    private static Dictionary<string, object?>? ParseInput(string? json)
    {
        if (json is null) return null;
        JsonElement element;
        try
        {
            using var document = JsonDocument.Parse(json);
            element = document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new CliInputException($"{InputOption} is not valid JSON: {DefinitionFile.WithoutJsonPosition(exception.Message)} (at character {exception.BytePositionInLine + 1}).");
        }

        if (element.ValueKind != JsonValueKind.Object)
            throw new CliInputException($"{InputOption} must be a JSON object such as '{{\"name\": \"value\"}}', not a JSON {element.ValueKind.ToString().ToLowerInvariant()}.");
        return (Dictionary<string, object?>)ValueConverter.ToPlain(element)!;
    }
}
