using System.Text.Json;
using IntellyHub.Runtime.Definitions;
using IntellyHub.Runtime.Instances;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Server.Security;
using IntellyHub.Workflows.Execution;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IntellyHub.Server.WorkflowApi.Instances;

/// <summary>
/// The body of <c>POST /bulk-actions/cancel/workflow-instances</c>: instances by id, by definition version, or by
/// definition with <c>versionOptions</c> (both or neither). Only running instances are cancelled.
/// </summary>
public sealed record BulkCancelRequest(IReadOnlyList<string>? Ids, string? DefinitionVersionId, string? DefinitionId, JsonElement? VersionOptions);

/// <summary>The body of <c>POST /bulk-actions/delete/workflow-instances</c>: instances by id or by definition id(s).</summary>
public sealed record BulkDeleteRequest(IReadOnlyList<string>? Ids, string? WorkflowDefinitionId, IReadOnlyList<string>? WorkflowDefinitionIds);

/// <summary>
/// Cancel, delete, their bulk forms, export and import. Everything that changes state needs the edit policy and
/// goes through <see cref="WorkflowRuntime"/>; export only reads.
/// </summary>
internal static class InstanceActionEndpoints
{
    public static RouteGroupBuilder MapInstanceActionEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/cancel/workflow-instances/{id}", CancelAsync).RequireAuthorization(AccessPolicies.Edit).WithName("CancelWorkflowInstance");
        api.MapDelete("/workflow-instances/{id}", DeleteAsync).RequireAuthorization(AccessPolicies.Edit).WithName("DeleteWorkflowInstance");
        api.MapPost("/bulk-actions/cancel/workflow-instances", BulkCancelAsync).RequireAuthorization(AccessPolicies.Edit).WithName("BulkCancelWorkflowInstances");
        api.MapPost("/bulk-actions/delete/workflow-instances", BulkDeleteAsync).RequireAuthorization(AccessPolicies.Edit).WithName("BulkDeleteWorkflowInstances");
        api.MapPost("/bulk-actions/delete/workflow-instances/by-id", BulkDeleteAsync).RequireAuthorization(AccessPolicies.Edit).WithName("BulkDeleteWorkflowInstancesById");
        api.MapMethods("/workflow-instances/{id}/export", [HttpMethods.Get, HttpMethods.Post], ExportAsync).WithName("ExportWorkflowInstance");
        api.MapMethods("/bulk-actions/export/workflow-instances", [HttpMethods.Get, HttpMethods.Post], ExportAsync).WithName("BulkExportWorkflowInstances");
        api.MapPost("/bulk-actions/import/workflow-instances", ImportAsync).RequireAuthorization(AccessPolicies.Edit).WithName("ImportWorkflowInstances");
        return api;
    }

    private static ProblemHttpResult Conflict(string title, string? detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);

    /// <summary>
    /// Cancels a running instance: 200 when cancelled, 404 when unknown, 409 when it had already finished, is busy
    /// in another process, or its state could not be used (it is then marked Faulted).
    /// </summary>
    private static async Task<Results<Ok, ProblemHttpResult>> CancelAsync(string id, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        var result = await runtime.CancelAsync(id, cancellationToken);
        return result.Status switch
        {
            InstanceOperationStatus.Done => TypedResults.Ok(),
            InstanceOperationStatus.InstanceNotFound => InstanceEndpoints.NotFound(id),
            InstanceOperationStatus.InstanceFinished => Conflict("Workflow instance already finished", result.Message),
            InstanceOperationStatus.Queued => Conflict("Workflow instance busy", result.Message),
            _ => Conflict("Workflow instance could not be cancelled", result.Message),
        };
    }

    /// <summary>Deletes an instance (cancelling it first when it runs, as Elsa does): 204, 404, or 409 when busy elsewhere.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        return await runtime.DeleteAsync(id, cancellationToken) switch
        {
            InstanceDeleteStatus.Deleted => TypedResults.NoContent(),
            InstanceDeleteStatus.InstanceNotFound => InstanceEndpoints.NotFound(id),
            _ => Conflict("Workflow instance busy", $"Workflow instance '{id}' is running in another process; try again."),
        };
    }

    private static async Task<Results<Ok<BulkCancelResponse>, ValidationProblem>> BulkCancelAsync(
        BulkCancelRequest? request, WorkflowRuntime runtime, WorkflowDefinitionService definitions,
        IDbContextFactory<IntellyHubDbContext> dbFactory, CancellationToken cancellationToken)
    {
        request ??= new BulkCancelRequest(null, null, null, null);
        var hasVersionOptions = request.VersionOptions is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) };
        if ((request.DefinitionId is null) != !hasVersionOptions)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["versionOptions"] = ["definitionId and versionOptions go together: give both or neither."] });

        var versionIds = new List<string>();
        if (request.DefinitionVersionId is { } versionId) versionIds.Add(versionId);
        if (request.DefinitionId is { } definitionId)
        {
            if (!TryReadVersionOptions(request.VersionOptions!.Value, out var options))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["versionOptions"] = [$"'{request.VersionOptions}' is not a version option."] });
            var versions = await definitions.GetVersionsAsync(definitionId, cancellationToken);
            versionIds.AddRange(versions.Where(v => Matches(v, options)).Select(v => v.Id));
        }

        var ids = new HashSet<string>(request.Ids ?? [], StringComparer.Ordinal);
        if (versionIds.Count > 0)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            ids.UnionWith(await db.WorkflowInstances
                .Where(i => versionIds.Contains(i.DefinitionVersionId) && i.Status == WorkflowStatus.Running)
                .Select(i => i.Id).ToListAsync(cancellationToken));
        }

        var cancelled = 0;
        foreach (var id in ids)
            if ((await runtime.CancelAsync(id, cancellationToken)).Status == InstanceOperationStatus.Done) cancelled++;
        return TypedResults.Ok(new BulkCancelResponse(cancelled));
    }

    private static bool TryReadVersionOptions(JsonElement element, out VersionOptions options)
    {
        options = VersionOptions.Published;
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var number))
        {
            options = VersionOptions.SpecificVersion(number);
            return true;
        }

        if (element.ValueKind != JsonValueKind.String) return false;
        var text = element.GetString();
        return string.IsNullOrWhiteSpace(text) || VersionOptions.TryParse(text, out options); // Elsa reads an empty string as Published
    }

    private static bool Matches(WorkflowDefinitionRecord version, VersionOptions options) => options.Kind switch
    {
        VersionKind.Latest => version.IsLatest,
        VersionKind.Published => version.IsPublished,
        VersionKind.LatestOrPublished => version.IsLatest || version.IsPublished,
        VersionKind.LatestAndPublished => version.IsLatest && version.IsPublished,
        VersionKind.Draft => !version.IsPublished,
        VersionKind.Specific => version.Version == options.Version,
        _ => true,
    };

    /// <summary>
    /// Deletes the matching instances, each as <c>DELETE /workflow-instances/{id}</c> does. Unlike Elsa, a request
    /// naming neither ids nor definitions is refused (400) instead of deleting every instance.
    /// </summary>
    private static async Task<Results<Ok<BulkDeleteResponse>, ValidationProblem>> BulkDeleteAsync(
        BulkDeleteRequest? request, WorkflowRuntime runtime, IDbContextFactory<IntellyHubDbContext> dbFactory, CancellationToken cancellationToken)
    {
        if (request is null || (request.Ids is null && request.WorkflowDefinitionId is null && request.WorkflowDefinitionIds is null))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["ids"] = ["Name the instances to delete: ids, workflowDefinitionId or workflowDefinitionIds."] });

        List<string> ids;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var query = db.WorkflowInstances.AsQueryable();
            if (request.Ids is { } instanceIds) query = query.Where(i => instanceIds.Contains(i.Id));
            if (request.WorkflowDefinitionId is { } definitionId) query = query.Where(i => i.DefinitionId == definitionId);
            if (request.WorkflowDefinitionIds is { } definitionIds) query = query.Where(i => definitionIds.Contains(i.DefinitionId));
            ids = await query.Select(i => i.Id).ToListAsync(cancellationToken);
        }

        return TypedResults.Ok(new BulkDeleteResponse(await runtime.DeleteManyAsync(ids, cancellationToken)));
    }

    /// <summary>
    /// Elsa's export: one instance (route id, <c>id</c>, or a single <c>ids</c> entry) as
    /// <c>workflow-instance-{id}.json</c>, several as <c>workflow-instances.zip</c> (204 when none of them exists).
    /// Ids and the include flags come from the query, or from a JSON body. Unlike Elsa, bookmarks and both logs
    /// are included unless a flag says false, so that an export made from Studio (which sends no flags) restores
    /// the whole instance.
    /// </summary>
    private static async Task<IResult> ExportAsync(HttpRequest http, IDbContextFactory<IntellyHubDbContext> dbFactory, CancellationToken cancellationToken)
    {
        var request = new ExportInstancesRequest(
            http.RouteValues.TryGetValue("id", out var routeId) ? routeId as string : http.Query["id"].FirstOrDefault(),
            http.Query["ids"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList(),
            QueryFlag(http, "includeBookmarks"), QueryFlag(http, "includeActivityExecutionLog"), QueryFlag(http, "includeWorkflowExecutionLog"));
        if (HttpMethods.IsPost(http.Method) && http.HasJsonContentType())
        {
            var body = await http.ReadFromJsonAsync<ExportInstancesRequest>(cancellationToken);
            if (body is not null)
                request = new ExportInstancesRequest(request.Id ?? body.Id, body.Ids ?? request.Ids, body.IncludeBookmarks ?? request.IncludeBookmarks,
                    body.IncludeActivityExecutionLog ?? request.IncludeActivityExecutionLog, body.IncludeWorkflowExecutionLog ?? request.IncludeWorkflowExecutionLog);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ids = request.Ids ?? [];
        if (request.Id is not null || ids.Count == 1)
        {
            var id = request.Id ?? ids[0];
            var record = await db.WorkflowInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
            if (record is null) return InstanceEndpoints.NotFound(id);
            var json = InstanceTransfer.Serialize(await InstanceTransfer.ExportAsync(db, record, request, cancellationToken));
            return TypedResults.File(json, "application/json", InstanceTransfer.FileName(record.Id));
        }

        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        var records = await db.WorkflowInstances.AsNoTracking().Where(i => distinct.Contains(i.Id)).OrderBy(i => i.CreatedAt).ToListAsync(cancellationToken);
        if (records.Count == 0) return TypedResults.NoContent();
        var files = new List<(string, byte[])>();
        foreach (var record in records)
            files.Add((record.Id, InstanceTransfer.Serialize(await InstanceTransfer.ExportAsync(db, record, request, cancellationToken))));
        return TypedResults.File(InstanceTransfer.Zip(files), "application/zip", "workflow-instances.zip");
    }

    private static bool? QueryFlag(HttpRequest http, string name) =>
        http.Query[name].FirstOrDefault() is { Length: > 0 } text ? bool.TryParse(text, out var value) ? value : throw new BadHttpRequestException($"'{text}' is not true or false ({name}).") : null;

    /// <summary>
    /// Elsa's import: multipart <c>files</c> (JSON exports or zips of them), or one export (JSON or zip) as the
    /// body. Every file is read and checked before anything is stored (400 names the bad one); then each instance
    /// is stored, replacing one with the same id. 200 <c>{imported}</c>, or 409/400 naming the instances that were
    /// busy or refused (the others were imported).
    /// </summary>
    private static async Task<Results<Ok<ImportInstancesResponse>, ProblemHttpResult>> ImportAsync(HttpRequest http, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        var imports = new List<InstanceImport>();
        try
        {
            if (http.HasFormContentType)
            {
                var form = await http.ReadFormAsync(cancellationToken);
                foreach (var file in form.Files)
                {
                    await using var stream = file.OpenReadStream();
                    imports.AddRange(await InstanceTransfer.ReadAsync(stream, file.FileName, cancellationToken));
                }
            }
            else
            {
                imports.AddRange(await InstanceTransfer.ReadAsync(http.Body, "the request body", cancellationToken));
            }
        }
        catch (InstanceImportFormatException exception)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid workflow instance export", detail: exception.Message);
        }
        catch (InvalidDataException exception)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid upload", detail: exception.Message);
        }

        if (imports.Count == 0)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Nothing to import", detail: "Upload exported workflow instances (JSON files or zips of them) as 'files'.");

        var imported = new List<string>();
        var failed = new List<InstanceImportResult>();
        foreach (var import in imports)
        {
            var result = await runtime.ImportAsync(import, cancellationToken);
            if (result.Status is InstanceImportStatus.Created or InstanceImportStatus.Replaced) imported.Add(result.InstanceId);
            else failed.Add(result);
        }

        if (failed.Count == 0) return TypedResults.Ok(new ImportInstancesResponse(imported.Count, imported));
        var detail = string.Join(" ", failed.Select(f => $"{f.InstanceId}: {f.Status} ({f.Message}).")) +
            (imported.Count > 0 ? $" Imported: {string.Join(", ", imported)}." : " Nothing was imported.");
        return failed.Exists(f => f.Status == InstanceImportStatus.Busy)
            ? Conflict("Some workflow instances were not imported", detail)
            : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Some workflow instances were not imported", detail: detail);
    }
}
