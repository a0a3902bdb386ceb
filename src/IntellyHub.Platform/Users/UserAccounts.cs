using IntellyHub.Platform.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace IntellyHub.Platform.Users;

/// <summary>What happened to a change of users.</summary>
public enum UserChangeOutcome
{
    Done,
    NotFound,

    /// <summary>Refused: no enabled admin would remain.</summary>
    LastAdmin,

    /// <summary>Refused: another user has the email.</summary>
    DuplicateEmail,
}

/// <summary>Changes to a user; null leaves a value as it is.</summary>
public sealed record UserChanges(string? Role = null, string? Password = null, bool? Disabled = null);

/// <summary>
/// Users: sign-in by email and password, and the admin's operations. Passwords are hashed with ASP.NET Core
/// Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2); an enabled admin always remains.
/// Callers check emails, passwords and roles first (<see cref="EmailAddresses"/>, <see cref="PasswordRules"/>,
/// <see cref="PlatformRoles"/>); invalid values here throw <see cref="ArgumentException"/>.
/// </summary>
public sealed class UserAccounts(PlatformDatabase database, TimeProvider clock)
{
    private static readonly PasswordHasher<UserRecord> Hasher = new();

    /// <summary>Compared against when the email is unknown, so an unknown email takes as long as a wrong password.</summary>
    private static readonly Lazy<string> DecoyHash = new(() => Hasher.HashPassword(new UserRecord(), PasswordRules.Generate()));

    /// <summary>The enabled user with this email and password, or null (unknown email, wrong password and disabled user alike).</summary>
    public async Task<UserRecord?> SignInAsync(string? email, string? password, CancellationToken cancellationToken = default)
    {
        var normalized = EmailAddresses.Normalize(email, out _);
        await using var db = database.CreateDbContext();
        var user = normalized is null ? null : await db.Users.FirstOrDefaultAsync(u => u.Email == normalized, cancellationToken);
        var result = Hasher.VerifyHashedPassword(user ?? new UserRecord(), user?.PasswordHash ?? DecoyHash.Value, password ?? "");
        if (user is null || user.Disabled || result == PasswordVerificationResult.Failed) return null;
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = Hasher.HashPassword(user, password!);
            await db.SaveChangesAsync(cancellationToken);
        }

        return user;
    }

    public async Task<UserRecord?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateDbContext();
        return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
    }

    /// <summary>Every user, by email.</summary>
    public async Task<IReadOnlyList<UserRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateDbContext();
        return await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
    }

    /// <summary>Whether any user exists (the first admin is created when none does).</summary>
    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default)
    {
        // One plain query: this runs at every start, where a LINQ query would be the first the platform's context
        // compiles (about a tenth of a second before the server is ready); later queries pay that instead.
        await using var db = database.CreateDbContext();
        var users = db.Model.FindEntityType(typeof(UserRecord))!;
        var table = db.GetService<ISqlGenerationHelper>().DelimitIdentifier(users.GetTableName()!, users.GetSchema());
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"SELECT 1 FROM {table} LIMIT 1";
            return await command.ExecuteScalarAsync(cancellationToken) is not null;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Adds a user; <see cref="UserChangeOutcome.DuplicateEmail"/> when the email is taken.</summary>
    public async Task<(UserChangeOutcome Outcome, UserRecord? User)> CreateAsync(string email, string password, string role, CancellationToken cancellationToken = default)
    {
        var normalized = EmailAddresses.Normalize(email, out var error) ?? throw new ArgumentException(error, nameof(email));
        if (PasswordRules.Check(password) is { } passwordError) throw new ArgumentException(passwordError, nameof(password));
        var storedRole = PlatformRoles.Normalize(role) ?? throw new ArgumentException($"Unknown role '{role}'.", nameof(role));

        await using var db = database.CreateDbContext();
        if (await db.Users.AnyAsync(u => u.Email == normalized, cancellationToken)) return (UserChangeOutcome.DuplicateEmail, null);
        var now = clock.GetUtcNow();
        var user = new UserRecord { Id = Guid.CreateVersion7(now), Email = normalized, Role = storedRole, CreatedAt = now, UpdatedAt = now };
        user.PasswordHash = Hasher.HashPassword(user, password);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Added meanwhile by another request or replica (the unique index); anything else is rethrown.
            await using var check = database.CreateDbContext();
            if (await check.Users.AnyAsync(u => u.Email == normalized, cancellationToken)) return (UserChangeOutcome.DuplicateEmail, null);
            throw;
        }

        return (UserChangeOutcome.Done, user);
    }

    /// <summary>
    /// Changes a user's role, password or disabled flag. A new password or disabling ends the user's sessions
    /// (refresh tokens). Refused with <see cref="UserChangeOutcome.LastAdmin"/> when no enabled admin would remain.
    /// </summary>
    public async Task<(UserChangeOutcome Outcome, UserRecord? User)> UpdateAsync(Guid id, UserChanges changes, CancellationToken cancellationToken = default)
    {
        var role = changes.Role is null ? null : PlatformRoles.Normalize(changes.Role) ?? throw new ArgumentException($"Unknown role '{changes.Role}'.", nameof(changes));
        if (changes.Password is not null && PasswordRules.Check(changes.Password) is { } passwordError) throw new ArgumentException(passwordError, nameof(changes));

        await using var db = database.CreateDbContext();
        await using var transaction = await db.BeginUsersChangeAsync(cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null) return (UserChangeOutcome.NotFound, null);

        var wasActiveAdmin = IsActiveAdmin(user);
        if (role is not null) user.Role = role;
        if (changes.Disabled is { } disabled) user.Disabled = disabled;
        if (wasActiveAdmin && !IsActiveAdmin(user) && !await OtherActiveAdminExistsAsync(db, id, cancellationToken))
            return (UserChangeOutcome.LastAdmin, null);

        if (changes.Password is not null) user.PasswordHash = Hasher.HashPassword(user, changes.Password);
        user.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        if (changes.Password is not null || user.Disabled)
            await db.RefreshTokens.Where(t => t.UserId == id).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (UserChangeOutcome.Done, user);
    }

    /// <summary>Deletes a user and their sessions; refused with <see cref="UserChangeOutcome.LastAdmin"/> for the last enabled admin.</summary>
    public async Task<UserChangeOutcome> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateDbContext();
        await using var transaction = await db.BeginUsersChangeAsync(cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null) return UserChangeOutcome.NotFound;
        if (IsActiveAdmin(user) && !await OtherActiveAdminExistsAsync(db, id, cancellationToken)) return UserChangeOutcome.LastAdmin;

        await db.RefreshTokens.Where(t => t.UserId == id).ExecuteDeleteAsync(cancellationToken);
        db.Users.Remove(user);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return UserChangeOutcome.Done;
    }

    private static bool IsActiveAdmin(UserRecord user) => user.Role == PlatformRoles.Admin && !user.Disabled;

    private static Task<bool> OtherActiveAdminExistsAsync(PlatformDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => u.Id != id && u.Role == PlatformRoles.Admin && !u.Disabled, cancellationToken);
}
