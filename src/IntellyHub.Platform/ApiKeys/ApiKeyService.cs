using IntellyHub.Platform.Persistence;
using IntellyHub.Platform.Users;
using Microsoft.EntityFrameworkCore;

namespace IntellyHub.Platform.ApiKeys;

/// <summary>
/// API keys for machine clients: <c>ih_</c> and 43 random URL-safe characters (256 bits). The key is shown once,
/// at creation; only its SHA-256 is stored.
/// </summary>
public sealed class ApiKeyService(PlatformDatabase database, TimeProvider clock)
{
    public const string KeyPrefix = "ih_";
    public const int MaxNameLength = 128;
    private const int ShownPrefixLength = 10;

    /// <summary>A new key: its record and the key in plain text (not kept anywhere).</summary>
    public async Task<(ApiKeyRecord Record, string Key)> CreateAsync(string name, string role, string? createdBy, CancellationToken cancellationToken = default)
    {
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > MaxNameLength) throw new ArgumentException($"The name must have 1 to {MaxNameLength} characters.", nameof(name));
        var storedRole = PlatformRoles.Normalize(role) ?? throw new ArgumentException($"Unknown role '{role}'.", nameof(role));

        var key = SecretHash.NewSecret(KeyPrefix);
        var now = clock.GetUtcNow();
        var record = new ApiKeyRecord
        {
            Id = Guid.CreateVersion7(now),
            Name = trimmed,
            Role = storedRole,
            KeyHash = SecretHash.Of(key),
            Prefix = key[..ShownPrefixLength],
            CreatedBy = createdBy,
            CreatedAt = now,
        };
        await using var db = database.CreateDbContext();
        db.ApiKeys.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return (record, key);
    }

    /// <summary>The keys not revoked, newest first.</summary>
    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateDbContext();
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.RevokedAt == null).ToListAsync(cancellationToken);
        return [.. keys.OrderByDescending(k => k.CreatedAt)];
    }

    /// <summary>Revokes a key; false when there is no such key not yet revoked.</summary>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = database.CreateDbContext();
        return await db.ApiKeys.Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), cancellationToken) > 0;
    }

    /// <summary>The key's record when <paramref name="key"/> is a key not revoked; otherwise null.</summary>
    public async Task<ApiKeyRecord?> FindActiveAsync(string? key, CancellationToken cancellationToken = default)
    {
        if (key is null || !key.StartsWith(KeyPrefix, StringComparison.Ordinal) || key.Length > 128) return null;
        var hash = SecretHash.Of(key);
        await using var db = database.CreateDbContext();
        return await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, cancellationToken);
    }
}
