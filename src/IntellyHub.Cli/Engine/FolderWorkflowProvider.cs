using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Serialization;

namespace IntellyHub.Cli.Engine;

/// <summary>
/// Finds child workflows for <c>Elsa.ExecuteWorkflow</c> among the <c>*.json</c> files of a folder, by
/// <c>definitionId</c>. When several files share a definition id, a published version wins over an
/// unpublished one, then the highest version. Files that are not readable definitions are skipped.
/// </summary>
public sealed class FolderWorkflowProvider(WorkflowDefinitionSerializer serializer, string folder) : IWorkflowProvider
{
    private readonly ConcurrentDictionary<string, Lazy<Task<WorkflowDefinition?>>> _found = new(StringComparer.Ordinal);

    /// <summary>The folder searched.</summary>
    public string Folder { get; } = folder;

    /// <inheritdoc />
    public async ValueTask<Workflow?> FindAsync(string definitionId, CancellationToken cancellationToken)
    {
        var definition = await _found.GetOrAdd(definitionId, id => new Lazy<Task<WorkflowDefinition?>>(() => SearchAsync(id, cancellationToken))).Value;
        return definition?.ToWorkflow();
    }

    private async Task<WorkflowDefinition?> SearchAsync(string definitionId, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Folder)) return null;
        WorkflowDefinition? best = null;
        foreach (var path in Directory.EnumerateFiles(Folder, "*.json").Order(StringComparer.Ordinal))
        {
            string json;
            try
            {
                json = await File.ReadAllTextAsync(path, cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            var definition = serializer.Read(json).Definition;
            if (definition?.DefinitionId != definitionId) continue;
            if (best is null || Rank(definition).CompareTo(Rank(best)) > 0) best = definition;
        }

        return best;
    }

    private static (bool Published, int Version) Rank(WorkflowDefinition definition) =>
        (definition.Document["isPublished"] is JsonValue value && value.TryGetValue<bool>(out var published) && published, definition.Version);
}
