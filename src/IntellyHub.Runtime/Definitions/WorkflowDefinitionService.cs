using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntellyHub.Workflows;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Serialization;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Runtime.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IntellyHub.Runtime.Definitions;

/// <summary>What a save did.</summary>
public sealed record SaveDefinitionResult(WorkflowDefinitionRecord Definition, bool Changed, bool CreatedVersion, bool AlreadyPublished);

/// <summary>A save based on an older version than the latest one (someone else saved in between).</summary>
public sealed class WorkflowDefinitionConflictException(string message) : Exception(message);

/// <summary>
/// The definition lifecycle: save a draft (idempotent — the same design twice makes no new version),
/// publish (the version becomes the published one and its triggers are indexed), retract, revert to
/// an earlier version, delete, and version history. Every change and its trigger index commit in one
/// transaction. Lookups by definition id (<see cref="FindAsync"/>, used by every start) are cached for
/// <see cref="RuntimeOptions.DefinitionLookupCacheDuration"/>: a change made through this service clears the
/// cache at once; a change made by another replica is seen within that time. A change to a definition with timer, cron
/// or start-at triggers (published before or after it) updates the <see cref="TimerScheduler"/> once committed.
/// </summary>
public sealed class WorkflowDefinitionService(
    IDbContextFactory<IntellyHubDbContext> dbFactory,
    WorkflowDefinitionSerializer serializer,
    TriggerIndexer triggerIndexer,
    WorkflowCache cache,
    TimerScheduler timers,
    TimeProvider clock,
    IOptions<RuntimeOptions> runtimeOptions)
{
    private readonly ConcurrentDictionary<(string DefinitionId, VersionOptions Options), CachedLookup> _lookups = new();
    private long _generation;
    // Top-level properties that describe a version rather than the design: ignored by the save hash.
    private static readonly string[] VersionProperties = ["id", "version", "isLatest", "isPublished", "isReadonly", "createdAt", "updatedAt", "links", "toolVersion", "publishedAt"];

    /// <summary>
    /// Saves a design. Without a change nothing is written. If the latest version is published, a new draft
    /// version is created; otherwise the draft is updated in place. With <paramref name="publish"/> the saved
    /// version is published in the same transaction. With <paramref name="basedOnVersion"/> (the version the editor
    /// loaded), a save based on a version older than the latest throws <see cref="WorkflowDefinitionConflictException"/>
    /// and changes nothing.
    /// </summary>
    public async Task<SaveDefinitionResult> SaveAsync(WorkflowDefinition model, bool publish, CancellationToken cancellationToken = default, int? basedOnVersion = null)
    {
        var definitionId = string.IsNullOrWhiteSpace(model.DefinitionId) ? IdGenerator.NewId() : model.DefinitionId;
        model.DefinitionId = definitionId;
        var document = serializer.Write(model);
        var hash = DesignHash(document);
        var now = clock.GetUtcNow();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var versions = await db.WorkflowDefinitions.Where(d => d.DefinitionId == definitionId && !d.IsDeleted).ToListAsync(cancellationToken);
        var latest = versions.FirstOrDefault(v => v.IsLatest);
        // A replayed save (same design) is not a conflict: it changes nothing.
        if (basedOnVersion is { } basedOn && latest is not null && basedOn < latest.Version && latest.ModelHash != hash)
            throw new WorkflowDefinitionConflictException(
                $"The definition '{definitionId}' was changed since version {basedOn} was loaded: the latest version is {latest.Version}. Reload it and apply the change again.");

        // Version numbers stay unique across deleted versions too (instances may still refer to those).
        var nextVersion = (await db.WorkflowDefinitions.Where(d => d.DefinitionId == definitionId).MaxAsync(d => (int?)d.Version, cancellationToken) ?? 0) + 1;
        WorkflowDefinitionRecord record;
        bool changed = true, created = false;
        if (latest is null)
        {
            record = NewVersion(definitionId, nextVersion, document, hash, now);
            db.WorkflowDefinitions.Add(record);
            created = true;
        }
        else if (latest.ModelHash == hash)
        {
            record = latest;
            changed = false;
        }
        else if (latest.IsPublished)
        {
            latest.IsLatest = false;
            record = NewVersion(definitionId, nextVersion, document, hash, now);
            db.WorkflowDefinitions.Add(record);
            created = true;
        }
        else
        {
            record = latest;
            record.Data = document.ToJsonString();
            record.ModelHash = hash;
            record.Name = model.Name;
            record.Description = model.Description;
            record.UpdatedAt = now;
        }

        if (created)
        {
            record.Name = model.Name;
            record.Description = model.Description;
        }

        var alreadyPublished = record.IsPublished;
        var timed = false;
        if (publish && !record.IsPublished)
        {
            timed = await PublishAsync(db, versions, record, cancellationToken);
            changed = true;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        cache.Evict(record.Id);
        InvalidateLookups();
        if (timed) await timers.SyncDefinitionAsync(definitionId, cancellationToken);
        return new SaveDefinitionResult(record, changed, created, publish && alreadyPublished);
    }

    /// <summary>Publishes the latest version of a definition; null when there is none.</summary>
    public async Task<WorkflowDefinitionRecord?> PublishAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var versions = await db.WorkflowDefinitions.Where(d => d.DefinitionId == definitionId && !d.IsDeleted).ToListAsync(cancellationToken);
        var latest = versions.FirstOrDefault(v => v.IsLatest);
        if (latest is null) return null;
        var timed = false;
        if (!latest.IsPublished)
        {
            timed = await PublishAsync(db, versions, latest, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        InvalidateLookups();
        if (timed) await timers.SyncDefinitionAsync(definitionId, cancellationToken);
        return latest;
    }

    /// <summary>Retracts the published version (its triggers stop); null when nothing is published.</summary>
    public async Task<WorkflowDefinitionRecord?> RetractAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var published = await db.WorkflowDefinitions.FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.IsPublished && !d.IsDeleted, cancellationToken);
        if (published is null) return null;
        published.IsPublished = false;
        published.UpdatedAt = clock.GetUtcNow();
        var timed = await HasTimedTriggersAsync(db, definitionId, cancellationToken);
        await db.Triggers.Where(t => t.DefinitionId == definitionId).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        InvalidateLookups();
        if (timed) await timers.SyncDefinitionAsync(definitionId, cancellationToken);
        return published;
    }

    /// <summary>Makes a copy of version <paramref name="version"/> the latest draft; null when that version does not exist.</summary>
    public async Task<WorkflowDefinitionRecord?> RevertAsync(string definitionId, int version, CancellationToken cancellationToken = default)
    {
        WorkflowDefinitionRecord? source;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            source = await db.WorkflowDefinitions.AsNoTracking().FirstOrDefaultAsync(d => d.DefinitionId == definitionId && d.Version == version && !d.IsDeleted, cancellationToken);
        if (source is null) return null;
        var model = serializer.Parse(source.Data);
        var result = await SaveAsync(model, publish: false, cancellationToken);
        return result.Definition;
    }

    /// <summary>
    /// Deletes a definition: versions no instance refers to are removed; versions that running or stored
    /// instances still use are marked deleted (hidden) and kept. Its triggers are removed. Returns the
    /// number of versions affected.
    /// </summary>
    public async Task<int> DeleteAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var versions = await db.WorkflowDefinitions.Where(d => d.DefinitionId == definitionId && !d.IsDeleted).ToListAsync(cancellationToken);
        if (versions.Count == 0) return 0;
        var ids = versions.Select(v => v.Id).ToList();
        var used = await db.WorkflowInstances.Where(i => ids.Contains(i.DefinitionVersionId)).Select(i => i.DefinitionVersionId).Distinct().ToListAsync(cancellationToken);
        foreach (var version in versions)
        {
            if (used.Contains(version.Id))
            {
                version.IsDeleted = true;
                version.IsLatest = false;
                version.IsPublished = false;
            }
            else
            {
                db.WorkflowDefinitions.Remove(version);
            }

            cache.Evict(version.Id);
        }

        var timed = await HasTimedTriggersAsync(db, definitionId, cancellationToken);
        await db.Triggers.Where(t => t.DefinitionId == definitionId).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        InvalidateLookups();
        if (timed) await timers.SyncDefinitionAsync(definitionId, cancellationToken);
        return versions.Count;
    }

    /// <summary>Deletes one version (not the published one while instances may start from it).</summary>
    public async Task<bool> DeleteVersionAsync(string definitionVersionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var version = await db.WorkflowDefinitions.FirstOrDefaultAsync(d => d.Id == definitionVersionId && !d.IsDeleted, cancellationToken);
        if (version is null) return false;
        var used = await db.WorkflowInstances.AnyAsync(i => i.DefinitionVersionId == definitionVersionId, cancellationToken);
        if (used) version.IsDeleted = true;
        else db.WorkflowDefinitions.Remove(version);
        var timed = version.IsPublished && await HasTimedTriggersAsync(db, version.DefinitionId, cancellationToken);
        if (version.IsPublished) await db.Triggers.Where(t => t.DefinitionVersionId == definitionVersionId).ExecuteDeleteAsync(cancellationToken);
        if (version.IsLatest)
        {
            var previous = await db.WorkflowDefinitions.Where(d => d.DefinitionId == version.DefinitionId && d.Id != version.Id && !d.IsDeleted)
                .OrderByDescending(d => d.Version).FirstOrDefaultAsync(cancellationToken);
            if (previous is not null) previous.IsLatest = true;
        }

        version.IsLatest = false;
        version.IsPublished = false;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        cache.Evict(definitionVersionId);
        InvalidateLookups();
        if (timed) await timers.SyncDefinitionAsync(version.DefinitionId, cancellationToken);
        return true;
    }

    /// <summary>Every version of a definition, newest first.</summary>
    public async Task<IReadOnlyList<WorkflowDefinitionRecord>> GetVersionsAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.WorkflowDefinitions.AsNoTracking().Where(d => d.DefinitionId == definitionId && !d.IsDeleted)
            .OrderByDescending(d => d.Version).ToListAsync(cancellationToken);
    }

    /// <summary>The version of a definition the options select (cached, see the class remarks). Treat the record as read-only.</summary>
    public async Task<WorkflowDefinitionRecord?> FindAsync(string definitionId, VersionOptions options, CancellationToken cancellationToken = default)
    {
        var duration = runtimeOptions.Value.DefinitionLookupCacheDuration;
        if (duration <= TimeSpan.Zero) return await QueryAsync(definitionId, options, cancellationToken);

        var key = (definitionId, options);
        if (_lookups.TryGetValue(key, out var cached) && clock.GetElapsedTime(cached.Timestamp) < duration) return cached.Record;

        // A change committed while the query runs must not be hidden by what the query read before it.
        var generation = Interlocked.Read(ref _generation);
        var timestamp = clock.GetTimestamp();
        var record = await QueryAsync(definitionId, options, cancellationToken);
        if (record is not null)
        {
            _lookups[key] = new CachedLookup(record, timestamp);
            if (Interlocked.Read(ref _generation) != generation) _lookups.TryRemove(key, out _);
        }

        return record;
    }

    /// <summary>
    /// Grows with every change this process makes to any definition (save, publish, retract, delete): caches derived
    /// from published definitions (such as a route table) compare it to see a local change at once.
    /// </summary>
    public long ChangeVersion => Interlocked.Read(ref _generation);

    /// <summary>Forgets cached lookups (after a change to any definition).</summary>
    private void InvalidateLookups()
    {
        Interlocked.Increment(ref _generation);
        _lookups.Clear();
    }

    private async Task<WorkflowDefinitionRecord?> QueryAsync(string definitionId, VersionOptions options, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.WorkflowDefinitions.AsNoTracking().Where(d => d.DefinitionId == definitionId && !d.IsDeleted);
        return options.Kind switch
        {
            VersionKind.Latest or VersionKind.Draft => await query.FirstOrDefaultAsync(d => d.IsLatest, cancellationToken),
            VersionKind.Published => await query.FirstOrDefaultAsync(d => d.IsPublished, cancellationToken),
            VersionKind.Specific => await query.FirstOrDefaultAsync(d => d.Version == options.Version, cancellationToken),
            _ => await query.OrderByDescending(d => d.IsPublished).ThenByDescending(d => d.Version).FirstOrDefaultAsync(cancellationToken),
        };
    }

    /// <summary>A version by its id (deleted versions included: instances may still run them).</summary>
    public async Task<WorkflowDefinitionRecord?> FindByVersionIdAsync(string definitionVersionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.WorkflowDefinitions.AsNoTracking().FirstOrDefaultAsync(d => d.Id == definitionVersionId, cancellationToken);
    }

    /// <summary>The stored JSON of a version with its version fields (id, version, isLatest, isPublished) filled in.</summary>
    public static JsonObject ToDocument(WorkflowDefinitionRecord record)
    {
        var document = JsonNode.Parse(record.Data)!.AsObject();
        document["id"] = record.Id;
        document["definitionId"] = record.DefinitionId;
        document["version"] = record.Version;
        document["isLatest"] = record.IsLatest;
        document["isPublished"] = record.IsPublished;
        document["createdAt"] = JsonValue.Create(record.CreatedAt);
        return document;
    }

    // Returns whether the definition has timed triggers before or after (the timer scheduler then needs an update).
    private async Task<bool> PublishAsync(IntellyHubDbContext db, List<WorkflowDefinitionRecord> versions, WorkflowDefinitionRecord record, CancellationToken cancellationToken)
    {
        foreach (var version in versions.Where(v => v.IsPublished && v.Id != record.Id)) version.IsPublished = false;
        record.IsPublished = true;
        record.UpdatedAt = clock.GetUtcNow();
        var timed = await HasTimedTriggersAsync(db, record.DefinitionId, cancellationToken);
        await db.Triggers.Where(t => t.DefinitionId == record.DefinitionId).ExecuteDeleteAsync(cancellationToken);
        var workflow = cache.Materialize(record);
        foreach (var trigger in await triggerIndexer.GetTriggersAsync(workflow, cancellationToken))
        {
            timed |= TimerScheduler.TriggerTypes.Contains(trigger.Name);
            db.Triggers.Add(new TriggerRecord
            {
                Id = IdGenerator.NewId(),
                DefinitionId = record.DefinitionId,
                DefinitionVersionId = record.Id,
                Name = trigger.Name,
                Hash = trigger.Hash,
                ActivityId = trigger.ActivityId,
                Payload = trigger.Payload.GetRawText(),
            });
        }

        return timed;
    }

    private static Task<bool> HasTimedTriggersAsync(IntellyHubDbContext db, string definitionId, CancellationToken cancellationToken) =>
        db.Triggers.AnyAsync(t => t.DefinitionId == definitionId && TimerScheduler.TriggerTypes.Contains(t.Name), cancellationToken);

    private static WorkflowDefinitionRecord NewVersion(string definitionId, int version, JsonObject document, string hash, DateTimeOffset now) => new()
    {
        Id = IdGenerator.NewId(),
        DefinitionId = definitionId,
        Version = version,
        IsLatest = true,
        Data = document.ToJsonString(),
        ModelHash = hash,
        CreatedAt = now,
        UpdatedAt = now,
    };

    private static string DesignHash(JsonObject document)
    {
        var design = (JsonObject)document.DeepClone();
        foreach (var property in VersionProperties) design.Remove(property);
        return StimulusHasher.Hash("definition", JsonSerializer.SerializeToElement(design));
    }

    private sealed record CachedLookup(WorkflowDefinitionRecord Record, long Timestamp);
}
