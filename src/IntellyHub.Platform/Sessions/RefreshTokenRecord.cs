namespace IntellyHub.Platform.Sessions;

/// <summary>
/// A refresh token, by its hash. Every refresh replaces the token with a new one of the same family; a used
/// (revoked) token that comes back means it was copied, and the whole family is revoked.
/// </summary>
public sealed class RefreshTokenRecord
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }

    /// <summary>The sign-in this token descends from (shared by its rotations).</summary>
    public Guid FamilyId { get; set; }

    /// <summary>SHA-256 of the token (never the token).</summary>
    public string TokenHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When it was used, signed out or revoked; null while it can be used.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}
