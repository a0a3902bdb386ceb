namespace IntellyHub.Platform.ApiKeys;

/// <summary>A machine client's key, by its hash; it has one role, like a user.</summary>
public sealed class ApiKeyRecord
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>One of <see cref="Users.PlatformRoles"/>.</summary>
    public string Role { get; set; } = "";

    /// <summary>SHA-256 of the key (never the key).</summary>
    public string KeyHash { get; set; } = "";

    /// <summary>The key's first characters, to tell keys apart in lists.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>Who created it (the admin's email or key name).</summary>
    public string? CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it was revoked; a revoked key no longer authenticates.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}
