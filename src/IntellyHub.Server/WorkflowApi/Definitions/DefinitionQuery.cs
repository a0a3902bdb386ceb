using IntellyHub.Runtime.Definitions;
using IntellyHub.Runtime.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IntellyHub.Server.WorkflowApi.Definitions;

/// <summary>The filters of <c>GET /workflow-definitions</c> (query names bind case-insensitively).</summary>
public sealed record DefinitionFilter(
    VersionOptions? VersionOptions = null,
    IReadOnlyList<string>? DefinitionIds = null,
    IReadOnlyList<string>? Ids = null,
    string? SearchTerm = null,
    bool? IsSystem = null,
    string? OrderBy = null,
    bool? Descending = null,
    int? Page = null,
    int? PageSize = null);

/// <summary>Reads definition versions for the list endpoints (read-only, never the deleted ones).</summary>
public sealed class DefinitionQuery(IDbContextFactory<IntellyHubDbContext> dbFactory)
{
    /// <summary>The largest page a client may ask for.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>One page of versions matching <paramref name="filter"/>, and how many match in all.</summary>
    public async Task<(List<WorkflowDefinitionRecord> Items, long TotalCount)> FindAsync(DefinitionFilter filter, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.WorkflowDefinitions.AsNoTracking().Where(d => !d.IsDeleted);
        // IntellyHub has no system workflows: asking for them finds none.
        if (filter.IsSystem == true) return ([], 0);
        if (filter.VersionOptions is { } options) query = WithVersion(query, options);
        if (filter.DefinitionIds is { Count: > 0 } definitionIds) query = query.Where(d => definitionIds.Contains(d.DefinitionId));
        if (filter.Ids is { Count: > 0 } ids) query = query.Where(d => ids.Contains(d.Id));
        if (!string.IsNullOrWhiteSpace(filter.SearchTerm))
        {
            var term = filter.SearchTerm.Trim().ToLowerInvariant();
            query = query.Where(d => (d.Name != null && d.Name.ToLower().Contains(term)) || (d.Description != null && d.Description.ToLower().Contains(term))
                                     || d.DefinitionId.ToLower().Contains(term) || d.Id == term);
        }

        var total = await query.LongCountAsync(cancellationToken);
        query = Order(query, filter.OrderBy, filter.Descending);
        if (filter.PageSize is { } size)
        {
            query = query.Skip((filter.Page ?? 0) * size).Take(size);
        }

        return (await query.ToListAsync(cancellationToken), total);
    }

    /// <summary>True when no other definition has the name <paramref name="name"/> (case-insensitive).</summary>
    public async Task<bool> IsNameUniqueAsync(string name, string? definitionId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lower = name.Trim().ToLowerInvariant();
        return !await db.WorkflowDefinitions.AnyAsync(d => !d.IsDeleted && d.IsLatest && d.Name != null && d.Name.ToLower() == lower && d.DefinitionId != definitionId, cancellationToken);
    }

    /// <summary>Versions by id (deleted ones excluded).</summary>
    public async Task<List<WorkflowDefinitionRecord>> FindByIdsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.WorkflowDefinitions.AsNoTracking().Where(d => ids.Contains(d.Id) && !d.IsDeleted).OrderBy(d => d.DefinitionId).ThenBy(d => d.Version).ToListAsync(cancellationToken);
    }

    /// <summary>The latest versions of every definition (for stored-type scans and exports), in pages.</summary>
    public async IAsyncEnumerable<WorkflowDefinitionRecord> AllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await foreach (var record in db.WorkflowDefinitions.AsNoTracking().Where(d => !d.IsDeleted).OrderBy(d => d.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
            yield return record;
    }

    /// <summary>A fingerprint of the stored definitions: changes whenever one is added, changed or removed.</summary>
    public async Task<(int Count, DateTimeOffset? LastChange)> FingerprintAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var count = await db.WorkflowDefinitions.CountAsync(cancellationToken);
        var last = count == 0 ? null : await db.WorkflowDefinitions.MaxAsync(d => (DateTimeOffset?)d.UpdatedAt, cancellationToken);
        return (count, last);
    }

    private static IQueryable<WorkflowDefinitionRecord> WithVersion(IQueryable<WorkflowDefinitionRecord> query, VersionOptions options) => options.Kind switch
    {
        VersionKind.Latest => query.Where(d => d.IsLatest),
        VersionKind.Published => query.Where(d => d.IsPublished),
        VersionKind.LatestOrPublished => query.Where(d => d.IsLatest || d.IsPublished),
        VersionKind.LatestAndPublished => query.Where(d => d.IsLatest && d.IsPublished),
        VersionKind.Draft => query.Where(d => d.IsLatest && !d.IsPublished),
        VersionKind.Specific => query.Where(d => d.Version == options.Version),
        _ => query,
    };

    // Elsa's rule: by name ascending unless told otherwise; other orders default to descending.
    private static IQueryable<WorkflowDefinitionRecord> Order(IQueryable<WorkflowDefinitionRecord> query, string? orderBy, bool? descending)
    {
        switch (orderBy?.ToLowerInvariant())
        {
            case null or "" or "name":
                return descending == true ? query.OrderByDescending(d => d.Name).ThenBy(d => d.DefinitionId).ThenBy(d => d.Version)
                    : query.OrderBy(d => d.Name).ThenBy(d => d.DefinitionId).ThenBy(d => d.Version);
            case "version":
                return descending == false ? query.OrderBy(d => d.Version).ThenBy(d => d.DefinitionId) : query.OrderByDescending(d => d.Version).ThenBy(d => d.DefinitionId);
            default:
                return descending == false ? query.OrderBy(d => d.CreatedAt).ThenBy(d => d.Id) : query.OrderByDescending(d => d.CreatedAt).ThenBy(d => d.Id);
        }
    }
}
