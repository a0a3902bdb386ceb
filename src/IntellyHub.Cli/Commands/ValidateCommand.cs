using IntellyHub.Cli.Engine;
using IntellyHub.Workflows.Serialization;
using IntellyHub.Workflows.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace IntellyHub.Cli.Commands;

/// <summary>
/// <c>intellyhub validate</c>: lists every problem of a definition — what the reader found (malformed
/// JSON, unknown types, bad values) and what the validator found (dangling connections, missing required
/// inputs, expression syntax errors, undeclared variables) — one per line.
/// </summary>
public sealed class ValidateCommand : ICliCommand
{
    public string Name => "validate";

    public string Summary => "List every problem of a workflow definition, one per line.";

    public string Usage =>
        """
        Usage:
          intellyhub validate <definition.json>

        Reads the definition and checks it: malformed JSON (with line and column), unknown activity types,
        duplicate ids, connections to missing activities or ports, required inputs without a value,
        expression syntax errors and undeclared variables. Each problem is printed on its own line with
        the activity id and a problem code.

        Exit codes: 0 the definition is valid; 2 problems were found, or the file is missing.
        """;

    public async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var arguments = CommandArguments.Parse(Name, args);
        if (arguments.HelpRequested)
        {
            await console.Out.WriteLineAsync(Usage);
            return ExitCodes.Success;
        }

        var path = arguments.GetSinglePositional(Name, "definition file");
        var json = await DefinitionFile.ReadTextAsync(path, cancellationToken);
        await using var services = CliEngine.Create(console.Error);
        var read = services.GetRequiredService<WorkflowDefinitionSerializer>().Read(json);
        var problems = read.Problems.ToList();
        if (read.Definition is { } definition)
        {
            foreach (var problem in services.GetRequiredService<WorkflowValidator>().Validate(definition))
                if (!problems.Exists(p => IsSameProblem(p, problem))) problems.Add(problem);
        }

        if (problems.Count == 0)
        {
            await console.Out.WriteLineAsync($"valid: {path}");
            return ExitCodes.Success;
        }

        foreach (var problem in problems) await console.Out.WriteLineAsync(DefinitionFile.Describe(problem));
        await console.Error.WriteLineAsync($"invalid: {path}: {problems.Count} problem{(problems.Count == 1 ? "" : "s")}.");
        return ExitCodes.BadInput;
    }

    // The reader and the validator both report unknown activity types; show each once.
    private static bool IsSameProblem(WorkflowProblem a, WorkflowProblem b) =>
        a.Code == b.Code && a.ActivityId == b.ActivityId && (a.Message == b.Message || a.Code == WorkflowProblemCodes.UnknownActivityType);
}
