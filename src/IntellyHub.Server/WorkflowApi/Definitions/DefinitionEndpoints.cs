using System.Text.Json.Nodes;
using IntellyHub.Runtime.Definitions;
using IntellyHub.Server.Security;
using Microsoft.AspNetCore.Mvc;

namespace IntellyHub.Server.WorkflowApi.Definitions;

/// <summary>
/// Workflow definitions: lists, one version, save (draft or publish), publish, retract, revert, delete, bulk
/// actions, name check, export/import and execution. Routes and shapes are Elsa 3's (contract §4.1, §4.2, §5).
/// </summary>
public static class DefinitionEndpoints
{
    /// <summary>Maps the endpoints onto the API group.</summary>
    public static RouteGroupBuilder MapDefinitionEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/workflow-definitions", ListAsync);
        api.MapGet("/workflow-definitions/by-definition-id/{definitionId}", GetByDefinitionIdAsync);
        api.MapGet("/workflow-definitions/{definitionId}", GetByDefinitionIdAsync);
        api.MapGet("/workflow-definitions/by-id/{id}", GetByIdAsync);
        api.MapGet("/workflow-definitions/many-by-id", GetManyByIdAsync);
        api.MapGet("/workflow-definitions/query/count", CountAsync);
        api.MapGet("/workflow-definitions/validation/is-name-unique", IsNameUniqueAsync);
        api.MapGet("/workflow-definitions/{definitionId}/versions", ListVersionsAsync);
        api.MapGet("/workflow-definitions/{definitionId}/consumers", (string definitionId) => Results.Ok(new { consumingWorkflowDefinitionIds = Array.Empty<string>() }));

        var edit = api.MapGroup("").RequireAuthorization(AccessPolicies.Edit);
        edit.MapDefinitionChanges();
        edit.MapDefinitionTransfers(api);
        edit.MapDefinitionExecution();
        edit.MapActivityTests();
        return api;
    }

    private static async Task<IResult> ListAsync(
        HttpContext http, DefinitionQuery query, DefinitionPresenter presenter, CancellationToken cancellationToken,
        [FromQuery] string? versionOptions = null, [FromQuery] string[]? definitionIds = null, [FromQuery] string[]? ids = null,
        [FromQuery] string? searchTerm = null, [FromQuery] bool? isSystem = null, [FromQuery] string? orderBy = null,
        [FromQuery] string? orderDirection = null, [FromQuery] int? page = null, [FromQuery] int? pageSize = null)
    {
        var options = ParseVersionOptions(versionOptions, null);
        if (page is < 0) return BadQuery("page", "must be 0 or more");
        if (pageSize is < 1 or > DefinitionQuery.MaxPageSize) return BadQuery("pageSize", $"must be between 1 and {DefinitionQuery.MaxPageSize}");
        bool? descending = orderDirection?.ToLowerInvariant() switch
        {
            null or "" => null,
            "ascending" or "asc" => false,
            "descending" or "desc" => true,
            _ => throw new BadHttpRequestException($"Query parameter 'orderDirection' must be Ascending or Descending, not '{orderDirection}'."),
        };

        var (items, total) = await query.FindAsync(new DefinitionFilter(options, definitionIds, ids, searchTerm, isSystem, orderBy, descending, page, pageSize), cancellationToken);
        var canEdit = await presenter.CanEditAsync(http.User);
        return Results.Ok(new DefinitionPage(items.Select(r => DefinitionPresenter.ToSummary(r, canEdit)).ToList(), total, DefinitionPresenter.ListLinks(canEdit)));
    }

    private static async Task<IResult> GetByDefinitionIdAsync(
        string definitionId, HttpContext http, WorkflowDefinitionService definitions, DefinitionPresenter presenter, CancellationToken cancellationToken,
        [FromQuery] string? versionOptions = null)
    {
        var options = ParseVersionOptions(versionOptions, VersionOptions.Latest) ?? VersionOptions.Latest;
        var record = await definitions.FindAsync(definitionId, options, cancellationToken);
        return record is null
            ? ApiProblems.NotFound($"No version of workflow definition '{definitionId}' matches '{options}'.")
            : Results.Ok(DefinitionPresenter.ToModel(record, await presenter.CanEditAsync(http.User)));
    }

    private static async Task<IResult> GetByIdAsync(string id, HttpContext http, WorkflowDefinitionService definitions, DefinitionPresenter presenter, CancellationToken cancellationToken)
    {
        // Deleted versions are found too: instances that ran them are still shown with their design.
        var record = await definitions.FindByVersionIdAsync(id, cancellationToken);
        return record is null
            ? ApiProblems.NotFound($"Workflow definition version '{id}' does not exist.")
            : Results.Ok(DefinitionPresenter.ToModel(record, await presenter.CanEditAsync(http.User)));
    }

    private static async Task<IResult> GetManyByIdAsync(HttpContext http, DefinitionQuery query, DefinitionPresenter presenter, CancellationToken cancellationToken, [FromQuery] string[]? ids = null)
    {
        var records = ids is { Length: > 0 } ? await query.FindByIdsAsync(ids, cancellationToken) : [];
        var canEdit = await presenter.CanEditAsync(http.User);
        return Results.Ok(new ListResponse<JsonObject>(records.Select(r => DefinitionPresenter.ToModel(r, canEdit)).ToList()));
    }

    private static async Task<IResult> CountAsync(DefinitionQuery query, CancellationToken cancellationToken)
    {
        var (_, total) = await query.FindAsync(new DefinitionFilter(VersionOptions.Latest, PageSize: 1), cancellationToken);
        return Results.Ok(new { count = total });
    }

    private static async Task<IResult> IsNameUniqueAsync(DefinitionQuery query, CancellationToken cancellationToken, [FromQuery] string? name = null, [FromQuery] string? definitionId = null)
    {
        if (string.IsNullOrWhiteSpace(name)) return BadQuery("name", "is required");
        return Results.Ok(new { isUnique = await query.IsNameUniqueAsync(name, definitionId, cancellationToken) });
    }

    private static async Task<IResult> ListVersionsAsync(string definitionId, HttpContext http, WorkflowDefinitionService definitions, DefinitionPresenter presenter, CancellationToken cancellationToken)
    {
        var versions = await definitions.GetVersionsAsync(definitionId, cancellationToken);
        if (versions.Count == 0) return ApiProblems.NotFound($"Workflow definition '{definitionId}' does not exist.");
        var canEdit = await presenter.CanEditAsync(http.User);
        return Results.Ok(versions.Select(r => DefinitionPresenter.ToSummary(r, canEdit)).ToList());
    }

    /// <summary>Version options sent in a JSON body: a string (<c>"Latest"</c>) or a number; null for anything else.</summary>
    internal static string? VersionText(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when value.TryGetValue<int>(out var number) => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>Elsa's version options; empty means <paramref name="empty"/>. Anything else unknown is a 400.</summary>
    internal static VersionOptions? ParseVersionOptions(string? text, VersionOptions? empty)
    {
        if (string.IsNullOrWhiteSpace(text)) return empty;
        if (!VersionOptions.TryParse(text, out var options))
            throw new BadHttpRequestException($"'{text}' is not a version option: use Latest, Published, LatestOrPublished, LatestAndPublished, Draft, AllVersions or a version number.");
        return options;
    }

    internal static IResult BadQuery(string name, string rule) =>
        Results.Problem(title: "Bad request", detail: $"Query parameter '{name}' {rule}.", statusCode: StatusCodes.Status400BadRequest);
}
