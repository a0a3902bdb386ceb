using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IntellyHub.Workflows.Serialization;
using IntellyHub.Workflows.Validation;

namespace IntellyHub.Server.WorkflowApi.Definitions;

/// <summary>A model that cannot be stored: the response is a 400 ProblemDetails listing every problem.</summary>
public sealed class DefinitionRejectedException(string title, IReadOnlyList<WorkflowProblem> problems) : Exception(title)
{
    public IReadOnlyList<WorkflowProblem> Problems { get; } = problems;
}

/// <summary>
/// Reads and checks a definition model from a request. A draft may be incomplete (a dropped activity has no
/// input values yet) but must be structurally sound: known activity types, unique ids, connections between
/// existing activities, a usable id and name. Publishing requires the whole validation to pass.
/// </summary>
public sealed partial class DefinitionValidation(WorkflowDefinitionSerializer serializer, WorkflowValidator validator)
{
    /// <summary>Longest definition id (the column's size).</summary>
    public const int MaxDefinitionIdLength = 128;

    /// <summary>Longest name (the column's size).</summary>
    public const int MaxNameLength = 512;

    private static readonly HashSet<string> BlockingForDrafts =
    [
        WorkflowProblemCodes.InvalidJson, WorkflowProblemCodes.InvalidDocument, WorkflowProblemCodes.UnknownActivityType,
        WorkflowProblemCodes.DuplicateActivityId, WorkflowProblemCodes.DanglingConnection,
    ];

    /// <summary>
    /// The definition of <paramref name="model"/>, or <see cref="DefinitionRejectedException"/> with every problem that
    /// blocks storing it (all problems when <paramref name="publish"/>). Non-blocking problems come back as warnings.
    /// </summary>
    public (WorkflowDefinition Definition, IReadOnlyList<WorkflowProblem> Warnings) Check(JsonObject model, bool publish)
    {
        var identity = CheckIdentity(model);
        if (identity.Count > 0) throw new DefinitionRejectedException("Invalid workflow definition", identity);

        // Links are computed per caller when a definition is read; a client's copy is not stored.
        model.Remove("links");
        var read = serializer.Read(model);
        if (read.Definition is null) throw new DefinitionRejectedException("Invalid workflow definition", read.Problems);

        var problems = read.Problems.Concat(validator.Validate(read.Definition))
            .DistinctBy(p => (p.Code, p.Message, p.ActivityId)).ToList();
        var blocking = problems.Where(p => publish || BlockingForDrafts.Contains(p.Code)).ToList();
        if (blocking.Count > 0)
            throw new DefinitionRejectedException(publish ? "The workflow definition cannot be published" : "Invalid workflow definition", blocking);
        return (read.Definition, problems);
    }

    /// <summary>The full validation of a stored definition (before publishing it).</summary>
    public IReadOnlyList<WorkflowProblem> Validate(string storedJson)
    {
        var read = serializer.Read(storedJson);
        return read.Definition is null ? read.Problems : read.Problems.Concat(validator.Validate(read.Definition)).DistinctBy(p => (p.Code, p.Message, p.ActivityId)).ToList();
    }

    /// <summary>A 400 ProblemDetails: <c>detail</c> joins the messages, <c>errors</c> groups them by activity (Studio collects these strings), <c>problems</c> has codes.</summary>
    public static IResult ToProblem(string title, IReadOnlyList<WorkflowProblem> problems) => Results.Problem(
        title: title,
        detail: string.Join(" ", problems.Select(p => p.ToString())),
        statusCode: StatusCodes.Status400BadRequest,
        extensions: Extensions(problems));

    /// <summary>The ProblemDetails extensions for <paramref name="problems"/>: <c>errors</c> by activity and <c>problems</c> with codes.</summary>
    public static Dictionary<string, object?> Extensions(IReadOnlyList<WorkflowProblem> problems) => new()
    {
        ["errors"] = problems.GroupBy(p => p.ActivityId ?? "definition").ToDictionary(g => g.Key, g => g.Select(p => p.ToString()).ToArray()),
        ["problems"] = problems.Select(p => new { p.Code, p.Message, p.ActivityId, p.Line, p.Column }).ToArray(),
    };

    private static List<WorkflowProblem> CheckIdentity(JsonObject model)
    {
        var problems = new List<WorkflowProblem>();
        if (model["definitionId"] is { } idNode)
        {
            if (idNode is not JsonValue idValue || !idValue.TryGetValue<string>(out var id))
                problems.Add(new WorkflowProblem(WorkflowProblemCodes.InvalidValue, "\"definitionId\" must be a string."));
            else if (id.Length > 0 && !DefinitionIdPattern().IsMatch(id))
                problems.Add(new WorkflowProblem(WorkflowProblemCodes.InvalidValue,
                    $"\"definitionId\" must be 1 to {MaxDefinitionIdLength} letters, digits, '-', '_', '.' or ':' (starting with a letter or digit)."));
        }

        if (model["name"] is { } nameNode)
        {
            if (nameNode is not JsonValue nameValue || !nameValue.TryGetValue<string>(out var name))
                problems.Add(new WorkflowProblem(WorkflowProblemCodes.InvalidValue, "\"name\" must be a string."));
            else if (name.Length > MaxNameLength)
                problems.Add(new WorkflowProblem(WorkflowProblemCodes.InvalidValue, $"\"name\" is longer than {MaxNameLength} characters."));
        }

        if (model["root"] is { } root && root is not JsonObject)
            problems.Add(new WorkflowProblem(WorkflowProblemCodes.InvalidDocument, "\"root\" must be an activity object."));
        return problems;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,127}$")]
    private static partial Regex DefinitionIdPattern();
}
