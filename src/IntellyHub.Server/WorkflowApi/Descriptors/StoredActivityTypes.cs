using System.Text.Json.Nodes;
using IntellyHub.Server.WorkflowApi.Definitions;
using IntellyHub.Workflows.Activities;

namespace IntellyHub.Server.WorkflowApi.Descriptors;

/// <summary>
/// The (type, version) pairs of activities in stored definitions that have no descriptor of their own: types that
/// are not installed (a removed plugin) and versions other than the installed ones. Studio does not draw an activity
/// without a descriptor and drops it on the next save, so the descriptor list adds one for each (contract §6.5).
/// The scan runs again only when the stored definitions change.
/// </summary>
public sealed class StoredActivityTypes(DefinitionQuery query, ActivityRegistry registry)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (int Count, DateTimeOffset? LastChange) _fingerprint = (-1, null);
    private IReadOnlyList<(string TypeName, int Version)> _missing = [];

    /// <summary>Stored pairs without an exact registered (type, version).</summary>
    public async Task<IReadOnlyList<(string TypeName, int Version)>> GetMissingAsync(CancellationToken cancellationToken)
    {
        var fingerprint = await query.FingerprintAsync(cancellationToken);
        if (fingerprint == _fingerprint) return _missing;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (fingerprint == _fingerprint) return _missing;
            var found = new HashSet<(string, int)>();
            await foreach (var record in query.AllAsync(cancellationToken))
            {
                if (JsonNode.Parse(record.Data) is JsonObject document && document["root"] is JsonObject root) Collect(root, found);
            }

            _missing = found.Where(pair => !IsRegistered(pair.Item1, pair.Item2)).OrderBy(p => p.Item1, StringComparer.Ordinal).ThenBy(p => p.Item2).ToList();
            _fingerprint = fingerprint;
            return _missing;
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool IsRegistered(string typeName, int version) =>
        registry.Find(typeName, version) is { } info && info.Version == version && info.ClrType != typeof(UnknownActivity);

    /// <summary>Every object that looks like an activity: a string <c>type</c> and a string <c>id</c> (expressions have no id).</summary>
    private static void Collect(JsonNode? node, HashSet<(string, int)> found)
    {
        switch (node)
        {
            case JsonObject json:
                if (json["type"] is JsonValue type && type.TryGetValue<string>(out var typeName) && json["id"] is JsonValue id && id.TryGetValue<string>(out _))
                    found.Add((typeName, json["version"] is JsonValue v && v.TryGetValue<int>(out var version) ? version : 1));
                foreach (var (_, child) in json) Collect(child, found);
                break;
            case JsonArray array:
                foreach (var child in array) Collect(child, found);
                break;
        }
    }
}
