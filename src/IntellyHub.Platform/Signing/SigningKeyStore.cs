using System.Security.Cryptography;
using IntellyHub.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IntellyHub.Platform.Signing;

/// <summary>Generated signing keys: created once (by whichever replica comes first) and read by all.</summary>
public sealed class SigningKeyStore(PlatformDatabase database, TimeProvider clock)
{
    /// <summary>The key named <paramref name="id"/>; when there is none, <paramref name="size"/> random bytes are stored and returned.</summary>
    public async Task<byte[]> GetOrCreateAsync(string id, int size, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(id, cancellationToken) is { } existing) return existing;
        await using (var db = database.CreateDbContext())
        {
            db.SigningKeys.Add(new SigningKeyRecord { Id = id, Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(size)), CreatedAt = clock.GetUtcNow() });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another replica stored it first: use that one (read below); anything else is rethrown there.
            }
        }

        return await FindAsync(id, cancellationToken) ?? throw new InvalidOperationException($"The signing key '{id}' could not be stored.");
    }

    private async Task<byte[]?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = database.CreateDbContext();
        var record = await db.SigningKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        return record is null ? null : Convert.FromBase64String(record.Key);
    }
}
