using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using IntellyHub.Runtime.Instances;
using IntellyHub.Runtime.Journal;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.State;
using Microsoft.EntityFrameworkCore;

namespace IntellyHub.Server.WorkflowApi.Instances;

/// <summary>
/// One exported instance: Elsa's <c>ExportedWorkflowState</c> (PascalCase top-level names, as Elsa writes and
/// reads them) plus the instance's name and runtime fault reason. <c>WorkflowState</c> is IntellyHub's engine
/// state (camelCase, mostly Elsa's names), so that an import can resume the instance; an instance whose stored
/// state cannot be read is exported as a Finished/Faulted state carrying its fault reason.
/// <c>ActivityExecutionRecords</c> are Elsa's records with the bare execution id as <c>id</c>;
/// <c>WorkflowExecutionLogRecords</c> are the workflow-level log entries (activity events derive from the
/// executions); <c>Bookmarks</c> are in Elsa's stored-bookmark shape (informational: an import rebuilds the
/// bookmarks from the state).
/// </summary>
public sealed record ExportedInstance(
    [property: JsonPropertyName("WorkflowState")] JsonElement WorkflowState,
    [property: JsonPropertyName("Bookmarks")] JsonArray? Bookmarks,
    [property: JsonPropertyName("ActivityExecutionRecords")] IReadOnlyList<ActivityExecutionRecordModel>? ActivityExecutionRecords,
    [property: JsonPropertyName("WorkflowExecutionLogRecords")] IReadOnlyList<ExecutionLogRecordModel>? WorkflowExecutionLogRecords,
    [property: JsonPropertyName("Name")] string? Name,
    [property: JsonPropertyName("FaultReason")] string? FaultReason);

/// <summary>What to export: one id (route or <c>id</c>) or several (<c>ids</c>); each part defaults to included.</summary>
public sealed record ExportInstancesRequest(
    string? Id,
    IReadOnlyList<string>? Ids,
    bool? IncludeBookmarks,
    bool? IncludeActivityExecutionLog,
    bool? IncludeWorkflowExecutionLog);

/// <summary>An import file that cannot be read as an exported instance.</summary>
public sealed class InstanceImportFormatException(string message) : Exception(message);

/// <summary>Writes and reads Elsa-style instance exports: one JSON file per instance, several in a zip.</summary>
internal static class InstanceTransfer
{
    /// <summary>The largest JSON document accepted per file or zip entry.</summary>
    public const long MaxDocumentBytes = 64L * 1024 * 1024;

    /// <summary>The most files a zip may hold.</summary>
    public const int MaxZipEntries = 10_000;

    /// <summary>The most a zip may unpack to, all entries together.</summary>
    public const long MaxZipBytes = 256L * 1024 * 1024;

    private static JsonSerializerOptions Json => WorkflowApiJson.Options;

    /// <summary>Elsa's file name for an exported instance (characters not allowed in file names replaced).</summary>
    public static string FileName(string instanceId)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var safe = new string(instanceId.ToLowerInvariant().Select(c => invalid.Contains(c) || c == ':' ? '_' : c).ToArray());
        return $"workflow-instance-{safe}.json";
    }

    /// <summary>The export document of one stored instance.</summary>
    public static async Task<ExportedInstance> ExportAsync(IntellyHubDbContext db, WorkflowInstanceRecord record, ExportInstancesRequest request, CancellationToken cancellationToken)
    {
        var stored = StoredState.Read(record);
        var state = stored.State ?? new WorkflowState
        {
            Id = record.Id,
            DefinitionId = record.DefinitionId,
            DefinitionVersionId = record.DefinitionVersionId,
            DefinitionVersion = record.DefinitionVersion,
            CorrelationId = record.CorrelationId,
            Status = WorkflowStatus.Finished,
            SubStatus = WorkflowSubStatus.Faulted,
            CreatedAt = record.CreatedAt,
            UpdatedAt = record.UpdatedAt,
            FinishedAt = record.FinishedAt ?? record.UpdatedAt,
        };
        var faultReason = record.FaultReason ?? stored.Error;
        if (stored.State is not null && (state.Status != record.Status || state.SubStatus != record.SubStatus))
        {
            // The runtime marked the instance (e.g. Faulted) without rewriting its state: the row is the truth.
            state.Status = record.Status;
            state.SubStatus = record.SubStatus;
            state.FinishedAt = record.FinishedAt;
            if (record.Status == WorkflowStatus.Finished) state.Bookmarks.Clear();
        }

        JsonArray? bookmarks = null;
        if (request.IncludeBookmarks != false)
        {
            bookmarks = new JsonArray(state.Bookmarks.Select(b => (JsonNode?)new JsonObject
            {
                ["id"] = b.Id,
                ["activityTypeName"] = b.Name,
                ["workflowInstanceId"] = record.Id,
                ["activityInstanceId"] = b.ActivityInstanceId,
                ["hash"] = b.Hash,
                ["correlationId"] = record.CorrelationId,
                ["createdAt"] = b.CreatedAt,
                ["payload"] = b.Payload is { } payload ? JsonNode.Parse(payload.GetRawText()) : null,
                ["metadata"] = b.Metadata is { } metadata ? JsonSerializer.SerializeToNode(metadata, Json) : null,
            }).ToArray());
        }

        IReadOnlyList<ActivityExecutionRecordModel>? executions = null;
        if (request.IncludeActivityExecutionLog != false)
        {
            var rows = await db.ActivityExecutions.AsNoTracking().Where(r => r.WorkflowInstanceId == record.Id)
                .OrderBy(r => r.Sequence).ToListAsync(cancellationToken);
            executions = rows.Select(r => ActivityExecutions.ToModel(r, null, null, externalId: false)).ToList();
        }

        IReadOnlyList<ExecutionLogRecordModel>? logs = null;
        if (request.IncludeWorkflowExecutionLog != false)
        {
            var rows = await db.WorkflowLogs.AsNoTracking().Where(r => r.WorkflowInstanceId == record.Id).OrderBy(r => r.Id).ToListAsync(cancellationToken);
            logs = rows.Select((l, i) => new ExecutionLogRecordModel($"log:{l.Id}", record.Id, null, Workflow.RootId, Journal.WorkflowActivityType, 1,
                record.Name, Workflow.RootId, l.Timestamp, i, l.EventName, l.Message, null, null, StoredJson.Parse(l.Payload))).ToList();
        }

        var stateElement = JsonSerializer.SerializeToElement(state, WorkflowStateSerializer.Options);
        return new ExportedInstance(stateElement, bookmarks, executions, logs, record.Name, faultReason);
    }

    public static byte[] Serialize(ExportedInstance instance) => JsonSerializer.SerializeToUtf8Bytes(instance, Json);

    /// <summary>A zip with one <see cref="FileName"/> entry per instance.</summary>
    public static byte[] Zip(IEnumerable<(string InstanceId, byte[] Json)> files)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (instanceId, json) in files)
            {
                var entry = zip.CreateEntry(FileName(instanceId), CompressionLevel.Optimal);
                using var entryStream = entry.Open();
                entryStream.Write(json);
            }
        }

        return stream.ToArray();
    }

    /// <summary>
    /// The exported instances in an uploaded file: one JSON document, or a zip whose <c>.json</c> entries are
    /// each one. Throws <see cref="InstanceImportFormatException"/> for anything else.
    /// </summary>
    public static async Task<IReadOnlyList<InstanceImport>> ReadAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        var bytes = await ReadLimitedAsync(content, MaxDocumentBytes, fileName, cancellationToken);
        if (bytes.Length >= 4 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K' && bytes[2] == 3 && bytes[3] == 4)
            return await ReadZipAsync(bytes, fileName, cancellationToken);
        return [Parse(bytes, fileName)];
    }

    private static async Task<IReadOnlyList<InstanceImport>> ReadZipAsync(byte[] zipBytes, string fileName, CancellationToken cancellationToken)
    {
        var imports = new List<InstanceImport>();
        try
        {
            using var zip = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxZipEntries) throw new InstanceImportFormatException($"{fileName}: a zip may hold at most {MaxZipEntries} files.");
            var total = 0L;
            foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".json", StringComparison.OrdinalIgnoreCase)))
            {
                var name = $"{fileName}/{entry.FullName}";
                if (entry.Length > MaxDocumentBytes) throw new InstanceImportFormatException($"{name} is larger than {MaxDocumentBytes} bytes.");
                await using var entryStream = entry.Open();
                var bytes = await ReadLimitedAsync(entryStream, MaxDocumentBytes, name, cancellationToken);
                if ((total += bytes.Length) > MaxZipBytes) throw new InstanceImportFormatException($"{fileName} unpacks to more than {MaxZipBytes} bytes.");
                imports.Add(Parse(bytes, name));
            }
        }
        catch (InvalidDataException exception)
        {
            throw new InstanceImportFormatException($"{fileName} is not a readable zip: {exception.Message}");
        }

        return imports;
    }

    private static async Task<byte[]> ReadLimitedAsync(Stream content, long limit, string name, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit) throw new InstanceImportFormatException($"{name} is larger than {limit} bytes.");
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static InstanceImport Parse(byte[] bytes, string name)
    {
        ImportDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<ImportDocument>(bytes, Json);
        }
        catch (JsonException exception)
        {
            throw new InstanceImportFormatException($"{name} is not an exported workflow instance: {exception.Message}");
        }

        if (document?.WorkflowState is not { ValueKind: JsonValueKind.Object } stateElement)
            throw new InstanceImportFormatException($"{name} has no WorkflowState object.");

        WorkflowState state;
        try
        {
            state = WorkflowStateSerializer.Deserialize(stateElement.GetRawText());
        }
        catch (WorkflowStateException exception)
        {
            throw new InstanceImportFormatException($"{name}: {exception.Message}");
        }

        if (string.IsNullOrWhiteSpace(state.Id) || string.IsNullOrWhiteSpace(state.DefinitionId) || string.IsNullOrWhiteSpace(state.DefinitionVersionId))
            throw new InstanceImportFormatException($"{name}: the workflow state needs an id, a definition id and a definition version id.");

        var journal = new List<ActivityExecutionRow>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (record, index) in (document.ActivityExecutionRecords ?? []).Select((r, i) => (r, i)))
        {
            var row = ToRow(record, state.Id, index, name);
            if (!seen.Add(row.Id)) throw new InstanceImportFormatException($"{name}: activity execution '{row.Id}' appears twice.");
            journal.Add(row);
        }

        var logs = (document.WorkflowExecutionLogRecords ?? [])
            .Where(l => l.ActivityType is null || l.ActivityType == Journal.WorkflowActivityType)
            .Select(l => new WorkflowLogRow
            {
                WorkflowInstanceId = state.Id,
                EventName = string.IsNullOrWhiteSpace(l.EventName) ? "Unknown" : l.EventName,
                Message = l.Message,
                Payload = l.Payload is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } payload ? payload.GetRawText() : null,
                Timestamp = l.Timestamp,
            })
            .ToList();

        return new InstanceImport(state) { Name = document.Name, FaultReason = document.FaultReason, Journal = journal, Logs = logs };
    }

    private static ActivityExecutionRow ToRow(ImportedExecution record, string instanceId, int index, string name)
    {
        var id = record.ActivityInstanceId ?? (record.Id is { } external ? ActivityExecutionId.Parse(external).ExecutionId : null);
        if (string.IsNullOrWhiteSpace(id) || id.Contains(ActivityExecutionId.Separator, StringComparison.Ordinal))
            throw new InstanceImportFormatException($"{name}: activity execution {index} has no usable id.");
        if (string.IsNullOrWhiteSpace(record.ActivityId) || string.IsNullOrWhiteSpace(record.ActivityNodeId) || string.IsNullOrWhiteSpace(record.ActivityType))
            throw new InstanceImportFormatException($"{name}: activity execution '{id}' needs activityId, activityNodeId and activityType.");

        var status = (record.Status ?? "").ToLowerInvariant() switch
        {
            "completed" => ActivityExecutionStatus.Completed,
            "faulted" => ActivityExecutionStatus.Faulted,
            "canceled" or "cancelled" => ActivityExecutionStatus.Canceled,
            "suspended" => ActivityExecutionStatus.Suspended,
            _ => record.HasBookmarks ? ActivityExecutionStatus.Suspended : ActivityExecutionStatus.Running,
        };
        JsonElement? outcomes = null;
        if (record.Payload is { ValueKind: JsonValueKind.Object } payload)
        {
            foreach (var property in payload.EnumerateObject())
                if (string.Equals(property.Name, "Outcomes", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.Array)
                    outcomes = property.Value;
        }

        return new ActivityExecutionRow
        {
            WorkflowInstanceId = instanceId,
            Id = id,
            ActivityId = record.ActivityId,
            ActivityNodeId = record.ActivityNodeId,
            ActivityType = record.ActivityType,
            ActivityTypeVersion = record.ActivityTypeVersion ?? 1,
            ActivityName = record.ActivityName,
            ParentActivityInstanceId = record.ParentActivityInstanceId,
            Sequence = record.Sequence ?? index + 1,
            Status = status,
            StartedAt = record.StartedAt,
            CompletedAt = record.CompletedAt,
            HasBookmarks = record.HasBookmarks,
            Outcomes = Raw(outcomes),
            Inputs = Raw(record.ActivityState),
            Outputs = Raw(record.Outputs),
            Exception = Raw(record.Exception),
        };
    }

    private static string? Raw(JsonElement? element) =>
        element is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } value ? value.GetRawText() : null;

    private sealed class ImportDocument
    {
        public JsonElement? WorkflowState { get; set; }
        public List<ImportedExecution>? ActivityExecutionRecords { get; set; }
        public List<ImportedLog>? WorkflowExecutionLogRecords { get; set; }
        public string? Name { get; set; }
        public string? FaultReason { get; set; }
    }

    private sealed class ImportedExecution
    {
        public string? Id { get; set; }
        public string? ActivityInstanceId { get; set; }
        public string? ActivityId { get; set; }
        public string? ActivityNodeId { get; set; }
        public string? ActivityType { get; set; }
        public int? ActivityTypeVersion { get; set; }
        public string? ActivityName { get; set; }
        public string? ParentActivityInstanceId { get; set; }
        public long? Sequence { get; set; }
        public string? Status { get; set; }
        public DateTimeOffset StartedAt { get; set; }
        public DateTimeOffset? CompletedAt { get; set; }
        public bool HasBookmarks { get; set; }
        public JsonElement? ActivityState { get; set; }
        public JsonElement? Payload { get; set; }
        public JsonElement? Outputs { get; set; }
        public JsonElement? Exception { get; set; }
    }

    private sealed class ImportedLog
    {
        public string? ActivityType { get; set; }
        public string? EventName { get; set; }
        public string? Message { get; set; }
        public JsonElement? Payload { get; set; }
        public DateTimeOffset Timestamp { get; set; }
    }
}
