using IntellyHub.Platform.Persistence;
using IntellyHub.Platform.Users;
using Microsoft.EntityFrameworkCore;

namespace IntellyHub.Platform.Sessions;

/// <summary>A refresh token as issued: the plain text (given to the client once) and when it expires.</summary>
public sealed record IssuedRefreshToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>
/// Refresh tokens: issued at sign-in, rotated at every refresh (a token works once), revoked at sign-out.
/// Only their SHA-256 is stored.
/// </summary>
public sealed class RefreshTokenService(PlatformDatabase database, TimeProvider clock)
{
    /// <summary>A new token (of a new family) for <paramref name="userId"/>; the user's expired tokens are deleted meanwhile.</summary>
    public async Task<IssuedRefreshToken> IssueAsync(Guid userId, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateDbContext();
        var now = clock.GetUtcNow();
        await db.RefreshTokens.Where(t => t.UserId == userId && t.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        var issued = Add(db, userId, Guid.CreateVersion7(now), now, lifetime);
        await db.SaveChangesAsync(cancellationToken);
        return issued;
    }

    /// <summary>
    /// Exchanges <paramref name="token"/> for a new one: the user (enabled) and the new token, or null when the
    /// token is unknown, expired or already used. A used token that comes back revokes every token of its family.
    /// </summary>
    public async Task<(UserRecord User, IssuedRefreshToken Token)?> RotateAsync(string? token, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token)) return null;
        var hash = SecretHash.Of(token);
        var now = clock.GetUtcNow();
        await using var db = database.CreateDbContext();
        var record = await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (record is null || record.ExpiresAt <= now) return null;
        if (record.RevokedAt is not null)
        {
            await db.RefreshTokens.Where(t => t.FamilyId == record.FamilyId && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
            return null;
        }

        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == record.UserId, cancellationToken);
        if (user is null || user.Disabled) return null;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Only one of two refreshes racing with the same token wins.
        var claimed = await db.RefreshTokens.Where(t => t.Id == record.Id && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
        if (claimed == 0) return null;
        var issued = Add(db, record.UserId, record.FamilyId, now, lifetime);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (user, issued);
    }

    /// <summary>Revokes <paramref name="token"/> (sign-out); an unknown token is ignored.</summary>
    public async Task RevokeAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token)) return;
        var hash = SecretHash.Of(token);
        var now = clock.GetUtcNow();
        await using var db = database.CreateDbContext();
        await db.RefreshTokens.Where(t => t.TokenHash == hash && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
    }

    private static IssuedRefreshToken Add(PlatformDbContext db, Guid userId, Guid familyId, DateTimeOffset now, TimeSpan lifetime)
    {
        var token = SecretHash.NewSecret();
        var record = new RefreshTokenRecord
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            FamilyId = familyId,
            TokenHash = SecretHash.Of(token),
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        };
        db.RefreshTokens.Add(record);
        return new IssuedRefreshToken(token, record.ExpiresAt);
    }
}
