using IntellyHub.Platform.ApiKeys;
using IntellyHub.Platform.Sessions;
using IntellyHub.Platform.Signing;
using IntellyHub.Platform.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace IntellyHub.Platform.Persistence;

/// <summary>
/// The platform's tables: users, refresh tokens, API keys and signing keys. It shares the runtime's database
/// but keeps its own migrations history (<see cref="MigrationsHistoryTable"/>). One model; each provider has a
/// derived context (<see cref="SqlitePlatformDbContext"/>, <see cref="PostgreSqlPlatformDbContext"/>) with its own migrations.
/// </summary>
public abstract class PlatformDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>The platform's migrations history, apart from the runtime's.</summary>
    public const string MigrationsHistoryTable = "__platform_migrations";

    public DbSet<UserRecord> Users => Set<UserRecord>();
    public DbSet<RefreshTokenRecord> RefreshTokens => Set<RefreshTokenRecord>();
    public DbSet<ApiKeyRecord> ApiKeys => Set<ApiKeyRecord>();
    public DbSet<SigningKeyRecord> SigningKeys => Set<SigningKeyRecord>();

    /// <summary>
    /// Starts a transaction in which no other writer changes users until it ends, so that "is there another admin?"
    /// stays true until the change commits. SQLite's transactions take the write lock at start (BEGIN IMMEDIATE);
    /// PostgreSQL locks the users table against other writers (readers go on).
    /// </summary>
    public virtual Task<IDbContextTransaction> BeginUsersChangeAsync(CancellationToken cancellationToken) =>
        Database.BeginTransactionAsync(cancellationToken);

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UserRecord>(e =>
        {
            e.ToTable("users");
            e.HasKey(x => x.Id);
            e.Property(x => x.Email).HasMaxLength(EmailAddresses.MaxLength);
            e.Property(x => x.PasswordHash).HasMaxLength(512);
            e.Property(x => x.Role).HasMaxLength(16);
            e.HasIndex(x => x.Email).IsUnique();
        });

        modelBuilder.Entity<RefreshTokenRecord>(e =>
        {
            e.ToTable("refresh_tokens");
            e.HasKey(x => x.Id);
            e.Property(x => x.TokenHash).HasMaxLength(SecretHash.Length);
            e.HasIndex(x => x.TokenHash).IsUnique();
            e.HasIndex(x => x.FamilyId);
            e.HasIndex(x => new { x.UserId, x.ExpiresAt });
            e.HasOne<UserRecord>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ApiKeyRecord>(e =>
        {
            e.ToTable("api_keys");
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(ApiKeyService.MaxNameLength);
            e.Property(x => x.Role).HasMaxLength(16);
            e.Property(x => x.KeyHash).HasMaxLength(SecretHash.Length);
            e.Property(x => x.Prefix).HasMaxLength(16);
            e.Property(x => x.CreatedBy).HasMaxLength(EmailAddresses.MaxLength);
            e.HasIndex(x => x.KeyHash).IsUnique();
        });

        modelBuilder.Entity<SigningKeyRecord>(e =>
        {
            e.ToTable("signing_keys");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.Key).HasMaxLength(512);
        });
    }
}
