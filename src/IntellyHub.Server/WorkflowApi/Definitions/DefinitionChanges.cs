using System.Text.Json.Nodes;
using IntellyHub.Runtime.Definitions;

namespace IntellyHub.Server.WorkflowApi.Definitions;

/// <summary>Save, publish, retract, revert and delete, one by one and in bulk (edit policy).</summary>
public static class DefinitionChanges
{
    /// <summary>Maps the endpoints onto the edit group.</summary>
    public static RouteGroupBuilder MapDefinitionChanges(this RouteGroupBuilder edit)
    {
        edit.MapPost("/workflow-definitions", SaveAsync);
        edit.MapPost("/workflow-definitions/{definitionId}/publish", PublishAsync);
        edit.MapPost("/workflow-definitions/{definitionId}/retract", RetractAsync);
        edit.MapPost("/workflow-definitions/{definitionId}/revert/{version:int}", RevertAsync);
        edit.MapDelete("/workflow-definitions/{definitionId}", DeleteAsync);
        edit.MapDelete("/workflow-definitions/{definitionId}/version/{version:int}", DeleteVersionNumberAsync);
        edit.MapDelete("/workflow-definition-versions/{id}", DeleteVersionAsync);
        edit.MapPost("/workflow-definitions/{definitionId}/update-references", (string definitionId) => Results.Ok(new { affectedWorkflows = Array.Empty<string>() }));
        edit.MapPost("/bulk-actions/delete/workflow-definitions/by-definition-id", BulkDeleteAsync);
        edit.MapPost("/bulk-actions/delete/workflow-definitions/by-id", BulkDeleteVersionsAsync);
        edit.MapPost("/bulk-actions/publish/workflow-definitions/by-definition-ids", BulkPublishAsync);
        edit.MapPost("/bulk-actions/retract/workflow-definitions/by-definition-ids", BulkRetractAsync);
        return edit;
    }

    /// <summary>
    /// Studio's save, auto-save, publish button and "create": <c>{model, publish}</c>. Idempotent: the same model again
    /// changes nothing (Studio replays a save after a 5xx). A model based on a version older than the latest is a 409.
    /// </summary>
    private static async Task<IResult> SaveAsync(HttpContext http, WorkflowDefinitionService definitions, DefinitionValidation validation, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(http.Request, cancellationToken);
        if (body["model"] is not JsonObject model)
            return Results.Problem(title: "Invalid request", detail: "The request has no \"model\" object (expected {\"model\": {…}, \"publish\": false}).", statusCode: StatusCodes.Status400BadRequest);
        var publish = body["publish"] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;
        int? basedOn = model["definitionId"] is JsonValue id && id.TryGetValue<string>(out var text) && text.Length > 0
                       && model["version"] is JsonValue version && version.TryGetValue<int>(out var number) ? number : null;

        var (definition, warnings) = validation.Check(model, publish);
        var result = await definitions.SaveAsync(definition, publish, cancellationToken, basedOn);
        return Results.Ok(new SaveDefinitionResponse(DefinitionPresenter.ToModel(result.Definition, canEdit: true), result.AlreadyPublished, 0,
            warnings.Select(w => w.ToString()).ToList()));
    }

    /// <summary>The definition list's publish action: publishes the latest version after full validation.</summary>
    private static async Task<IResult> PublishAsync(string definitionId, WorkflowDefinitionService definitions, DefinitionValidation validation, CancellationToken cancellationToken)
    {
        var latest = await definitions.FindAsync(definitionId, VersionOptions.Latest, cancellationToken);
        if (latest is null) return ApiProblems.NotFound($"Workflow definition '{definitionId}' does not exist.");
        var alreadyPublished = latest.IsPublished;
        if (!alreadyPublished)
        {
            var problems = validation.Validate(latest.Data);
            if (problems.Count > 0) return DefinitionValidation.ToProblem("The workflow definition cannot be published", problems);
            latest = await definitions.PublishAsync(definitionId, cancellationToken) ?? latest;
        }

        return Results.Ok(new SaveDefinitionResponse(DefinitionPresenter.ToModel(latest, canEdit: true), alreadyPublished, 0, []));
    }

    private static async Task<IResult> RetractAsync(string definitionId, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        var current = await definitions.FindAsync(definitionId, VersionOptions.LatestOrPublished, cancellationToken);
        if (current is null) return ApiProblems.NotFound($"Workflow definition '{definitionId}' does not exist.");
        var retracted = await definitions.RetractAsync(definitionId, cancellationToken);
        if (retracted is null)
            return Results.Problem(title: "Not published", detail: $"Workflow definition '{definitionId}' is not published.", statusCode: StatusCodes.Status400BadRequest);
        return Results.Ok(DefinitionPresenter.ToModel(retracted, canEdit: true));
    }

    private static async Task<IResult> RevertAsync(string definitionId, int version, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        var reverted = await definitions.RevertAsync(definitionId, version, cancellationToken);
        return reverted is null
            ? ApiProblems.NotFound($"Workflow definition '{definitionId}' has no version {version}.")
            : Results.Created($"{Extensions.WorkflowApiEndpoints.BasePath}/workflow-definitions/by-id/{reverted.Id}", DefinitionPresenter.ToSummary(reverted, canEdit: true));
    }

    private static async Task<IResult> DeleteAsync(string definitionId, WorkflowDefinitionService definitions, CancellationToken cancellationToken) =>
        await definitions.DeleteAsync(definitionId, cancellationToken) == 0
            ? ApiProblems.NotFound($"Workflow definition '{definitionId}' does not exist.")
            : Results.NoContent();

    private static async Task<IResult> DeleteVersionAsync(string id, WorkflowDefinitionService definitions, CancellationToken cancellationToken) =>
        await definitions.DeleteVersionAsync(id, cancellationToken)
            ? Results.NoContent()
            : ApiProblems.NotFound($"Workflow definition version '{id}' does not exist.");

    private static async Task<IResult> DeleteVersionNumberAsync(string definitionId, int version, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        var record = await definitions.FindAsync(definitionId, VersionOptions.SpecificVersion(version), cancellationToken);
        return record is not null && await definitions.DeleteVersionAsync(record.Id, cancellationToken)
            ? Results.NoContent()
            : ApiProblems.NotFound($"Workflow definition '{definitionId}' has no version {version}.");
    }

    private static async Task<IResult> BulkDeleteAsync(HttpContext http, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        var request = await JsonBody.ReadAsync<DefinitionIdsRequest>(http.Request, WorkflowApiJson.Options, cancellationToken);
        long deleted = 0;
        foreach (var definitionId in Distinct(request.DefinitionIds))
            if (await definitions.DeleteAsync(definitionId, cancellationToken) > 0) deleted++;
        return Results.Ok(new BulkDeleteResponse(deleted));
    }

    private static async Task<IResult> BulkDeleteVersionsAsync(HttpContext http, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        var request = await JsonBody.ReadAsync<VersionIdsRequest>(http.Request, WorkflowApiJson.Options, cancellationToken);
        long deleted = 0;
        foreach (var id in Distinct(request.Ids))
            if (await definitions.DeleteVersionAsync(id, cancellationToken)) deleted++;
        return Results.Ok(new BulkDeleteResponse(deleted));
    }

    private static async Task<IResult> BulkPublishAsync(HttpContext http, WorkflowDefinitionService definitions, DefinitionValidation validation, CancellationToken cancellationToken)
    {
        var request = await JsonBody.ReadAsync<DefinitionIdsRequest>(http.Request, WorkflowApiJson.Options, cancellationToken);
        List<string> published = [], alreadyPublished = [], notFound = [], failed = [];
        var warnings = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var definitionId in Distinct(request.DefinitionIds))
        {
            var latest = await definitions.FindAsync(definitionId, VersionOptions.Latest, cancellationToken);
            if (latest is null) notFound.Add(definitionId);
            else if (latest.IsPublished) alreadyPublished.Add(definitionId);
            else if (validation.Validate(latest.Data) is { Count: > 0 } problems)
            {
                failed.Add(definitionId);
                warnings[definitionId] = problems.Select(p => p.ToString()).ToList();
            }
            else if (await definitions.PublishAsync(definitionId, cancellationToken) is null) notFound.Add(definitionId);
            else published.Add(definitionId);
        }

        return Results.Ok(new BulkPublishResponse(published, alreadyPublished, notFound, [], [], failed, warnings));
    }

    private static async Task<IResult> BulkRetractAsync(HttpContext http, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        var request = await JsonBody.ReadAsync<DefinitionIdsRequest>(http.Request, WorkflowApiJson.Options, cancellationToken);
        List<string> retracted = [], alreadyRetracted = [], notFound = [];
        foreach (var definitionId in Distinct(request.DefinitionIds))
        {
            if (await definitions.FindAsync(definitionId, VersionOptions.LatestOrPublished, cancellationToken) is null) notFound.Add(definitionId);
            else if (await definitions.RetractAsync(definitionId, cancellationToken) is null) alreadyRetracted.Add(definitionId);
            else retracted.Add(definitionId);
        }

        return Results.Ok(new BulkRetractResponse(retracted, alreadyRetracted, notFound, []));
    }

    private static IEnumerable<string> Distinct(List<string>? ids) => (ids ?? []).Where(id => !string.IsNullOrWhiteSpace(id)).Distinct(StringComparer.Ordinal);
}
