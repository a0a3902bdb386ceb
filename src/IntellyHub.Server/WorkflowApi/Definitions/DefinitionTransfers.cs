using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IntellyHub.Runtime.Definitions;

namespace IntellyHub.Server.WorkflowApi.Definitions;

/// <summary>
/// Export (one definition as a JSON file, several as a zip) and import (a JSON body, or uploaded JSON/zip files).
/// The file is Elsa 3's <c>WorkflowDefinitionModel</c>, so files exported by IntellyHub or by an Elsa 3 server
/// import unchanged. An import keeps the definition id; it publishes when the file says it was published
/// (or <c>?publish=</c> says so), as Elsa does. Files are all checked before any is stored.
/// </summary>
public static partial class DefinitionTransfers
{
    /// <summary>The most files one upload may carry (zip entries included).</summary>
    public const int MaxFiles = 500;

    /// <summary>Maps export (read policy, on <paramref name="read"/>) and import (edit policy).</summary>
    public static RouteGroupBuilder MapDefinitionTransfers(this RouteGroupBuilder edit, RouteGroupBuilder read)
    {
        read.MapMethods("/workflow-definitions/{definitionId}/export", ["GET", "POST"], ExportAsync);
        read.MapGet("/bulk-actions/export/workflow-definitions", ExportManyFromQueryAsync);
        read.MapPost("/bulk-actions/export/workflow-definitions", ExportManyAsync);
        edit.MapMethods("/workflow-definitions/import", ["POST", "PUT"], ImportAsync);
        edit.MapMethods("/workflow-definitions/{definitionId}/import", ["POST", "PUT"], ImportAsync);
        edit.MapPost("/workflow-definitions/import-files", ImportFilesAsync).DisableAntiforgery();
        return edit;
    }

    private static async Task<IResult> ExportAsync(
        string definitionId, WorkflowDefinitionService definitions, CancellationToken cancellationToken, string? versionOptions = null)
    {
        var options = DefinitionEndpoints.ParseVersionOptions(versionOptions, VersionOptions.Latest) ?? VersionOptions.Latest;
        var record = await definitions.FindAsync(definitionId, options, cancellationToken);
        if (record is null) return ApiProblems.NotFound($"No version of workflow definition '{definitionId}' matches '{options}'.");
        return Results.File(ToFile(record), "application/json", FileName(record));
    }

    private static Task<IResult> ExportManyFromQueryAsync(DefinitionQuery query, CancellationToken cancellationToken, string[]? ids = null) =>
        ExportZipAsync(ids ?? [], query, cancellationToken);

    private static async Task<IResult> ExportManyAsync(HttpContext http, DefinitionQuery query, CancellationToken cancellationToken)
    {
        var request = await JsonBody.ReadAsync<VersionIdsRequest>(http.Request, WorkflowApiJson.Options, cancellationToken);
        var ids = (request.Ids ?? []).ToList();
        if (ids.Count == 0 && http.Request.Query["ids"] is { Count: > 0 } fromQuery) ids.AddRange(fromQuery.OfType<string>());
        return await ExportZipAsync(ids, query, cancellationToken);
    }

    private static async Task<IResult> ExportZipAsync(IReadOnlyCollection<string> ids, DefinitionQuery query, CancellationToken cancellationToken)
    {
        var records = ids.Count == 0 ? [] : await query.FindByIdsAsync(ids, cancellationToken);
        if (records.Count == 0) return Results.NoContent();
        using var buffer = new MemoryStream();
        await using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            // A fixed entry time keeps identical exports byte-identical.
            var zipEpoch = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
            foreach (var record in records)
            {
                var entry = zip.CreateEntry(FileName(record), CompressionLevel.Optimal);
                entry.LastWriteTime = zipEpoch;
                await using var stream = await entry.OpenAsync(cancellationToken);
                await stream.WriteAsync(ToFile(record), cancellationToken);
            }
        }

        return Results.File(buffer.ToArray(), "application/zip", "workflow-definitions.zip");
    }

    /// <summary>One definition as the body: 201 when it is new, 200 when it updated an existing one.</summary>
    private static async Task<IResult> ImportAsync(
        HttpContext http, WorkflowDefinitionService definitions, DefinitionValidation validation, CancellationToken cancellationToken,
        string? definitionId = null, bool? publish = null)
    {
        var model = Unwrap(await JsonBody.ReadObjectAsync(http.Request, cancellationToken));
        if (!string.IsNullOrEmpty(definitionId)) model["definitionId"] = definitionId;
        var existed = model["definitionId"] is JsonValue id && id.TryGetValue<string>(out var text) && text.Length > 0
                      && await definitions.FindAsync(text, VersionOptions.AllVersions, cancellationToken) is not null;
        var record = await ImportOneAsync(model, publish, definitions, validation, cancellationToken);
        var body = DefinitionPresenter.ToModel(record, canEdit: true);
        return existed ? Results.Ok(body) : Results.Created($"{Extensions.WorkflowApiEndpoints.BasePath}/workflow-definitions/by-definition-id/{record.DefinitionId}", body);
    }

    /// <summary>Multipart <c>files</c>: JSON files and zips of JSON files. Nothing is stored unless every file is valid.</summary>
    private static async Task<IResult> ImportFilesAsync(
        HttpContext http, WorkflowDefinitionService definitions, DefinitionValidation validation, CancellationToken cancellationToken, bool? publish = null)
    {
        if (!http.Request.HasFormContentType)
            return Results.Problem(title: "Invalid request", detail: "Send the files as multipart/form-data in a field named 'files'.", statusCode: StatusCodes.Status400BadRequest);
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var models = new List<(string File, JsonObject Model)>();
        var errors = new Dictionary<string, string[]>();
        foreach (var file in form.Files)
        {
            await using var stream = file.OpenReadStream();
            using var content = new MemoryStream();
            await stream.CopyToAsync(content, cancellationToken);
            if (file.FileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) || file.ContentType is "application/zip" or "application/x-zip-compressed")
                await ReadZipAsync(file.FileName, content, models, errors, cancellationToken);
            else
                AddFile(file.FileName, content.ToArray(), models, errors);
            if (models.Count > MaxFiles)
                return Results.Problem(title: "Too many files", detail: $"One upload may import at most {MaxFiles} definitions.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (models.Count == 0 && errors.Count == 0)
            return Results.Problem(title: "Invalid request", detail: "No file was uploaded (field 'files').", statusCode: StatusCodes.Status400BadRequest);

        foreach (var (file, model) in models)
        {
            try
            {
                validation.Check(model, publish ?? IsPublished(model));
            }
            catch (DefinitionRejectedException rejected)
            {
                errors[file] = rejected.Problems.Select(p => p.ToString()).ToArray();
            }
        }

        if (errors.Count > 0)
            return Results.Problem(title: "Invalid workflow definition files", detail: $"{errors.Count} file(s) cannot be imported; nothing was imported.",
                statusCode: StatusCodes.Status400BadRequest, extensions: new Dictionary<string, object?> { ["errors"] = errors });

        foreach (var (_, model) in models) await ImportOneAsync(model, publish, definitions, validation, cancellationToken);
        return Results.Ok(new { count = models.Count });
    }

    private static async Task<WorkflowDefinitionRecord> ImportOneAsync(
        JsonObject model, bool? publish, WorkflowDefinitionService definitions, DefinitionValidation validation, CancellationToken cancellationToken)
    {
        var shouldPublish = publish ?? IsPublished(model);
        var (definition, _) = validation.Check(model, shouldPublish);
        var result = await definitions.SaveAsync(definition, shouldPublish, cancellationToken);
        return result.Definition;
    }

    private static bool IsPublished(JsonObject model) => model["isPublished"] is JsonValue value && value.TryGetValue<bool>(out var published) && published;

    /// <summary>Elsa's exported file is the bare model; a save request's <c>{model}</c> wrapper is accepted too.</summary>
    private static JsonObject Unwrap(JsonObject json) => json["root"] is null && json["model"] is JsonObject model ? model : json;

    private static void AddFile(string name, byte[] content, List<(string, JsonObject)> models, Dictionary<string, string[]> errors)
    {
        try
        {
            if (JsonNode.Parse(content, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }) is JsonObject json)
                models.Add((name, Unwrap(json)));
            else
                errors[name] = ["The file is not a JSON object."];
        }
        catch (JsonException exception)
        {
            errors[name] = [$"Malformed JSON (line {(exception.LineNumber ?? 0) + 1}, column {(exception.BytePositionInLine ?? 0) + 1})."];
        }
    }

    private static async Task ReadZipAsync(string name, MemoryStream content, List<(string, JsonObject)> models, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        content.Position = 0;
        try
        {
            await using var zip = new ZipArchive(content, ZipArchiveMode.Read);
            foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".json", StringComparison.OrdinalIgnoreCase)).OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                if (models.Count > MaxFiles) return;
                await using var stream = await entry.OpenAsync(cancellationToken);
                using var entryContent = new MemoryStream();
                await stream.CopyToAsync(entryContent, cancellationToken);
                AddFile($"{name}/{entry.FullName}", entryContent.ToArray(), models, errors);
            }
        }
        catch (InvalidDataException)
        {
            errors[name] = ["The file is not a valid zip archive."];
        }
    }

    /// <summary>The exported file: the model as stored, without the caller-specific links, indented.</summary>
    private static byte[] ToFile(WorkflowDefinitionRecord record)
    {
        var model = DefinitionPresenter.ToModel(record, canEdit: false);
        model.Remove("links");
        return Encoding.UTF8.GetBytes(model.ToJsonString(WorkflowApiJson.Indented));
    }

    /// <summary>Elsa's file name: <c>workflow-definition-{name-slug}-{definitionId}-{versionId}.json</c>.</summary>
    private static string FileName(WorkflowDefinitionRecord record)
    {
        var slug = NonSlug().Replace((string.IsNullOrWhiteSpace(record.Name) ? record.DefinitionId : record.Name.Trim()).ToLowerInvariant(), "-").Trim('-');
        var file = $"workflow-definition-{slug}-{record.DefinitionId}-{record.Id}";
        return InvalidFileCharacters().Replace(file, "_") + ".json";
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlug();

    [GeneratedRegex(@"[^A-Za-z0-9_.\-]")]
    private static partial Regex InvalidFileCharacters();
}
