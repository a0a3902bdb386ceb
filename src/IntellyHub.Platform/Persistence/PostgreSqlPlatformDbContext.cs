using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace IntellyHub.Platform.Persistence;

/// <summary>The platform on PostgreSQL (migrations in <c>Migrations/PostgreSql</c>).</summary>
public sealed class PostgreSqlPlatformDbContext(DbContextOptions<PostgreSqlPlatformDbContext> options) : PlatformDbContext(options)
{
    /// <summary>Options for <paramref name="connectionString"/> with the platform's history table.</summary>
    public static DbContextOptions<PostgreSqlPlatformDbContext> CreateOptions(string connectionString) =>
        new DbContextOptionsBuilder<PostgreSqlPlatformDbContext>()
            .UseNpgsql(connectionString, o => o.MigrationsHistoryTable(MigrationsHistoryTable))
#if !NO_COMPILED_MODEL
            .UseCompiledModel(CompiledModel.PostgreSql.PostgreSqlPlatformDbContextModel.Instance)
#endif
            .Options;

    /// <inheritdoc />
    public override async Task<IDbContextTransaction> BeginUsersChangeAsync(CancellationToken cancellationToken)
    {
        var transaction = await Database.BeginTransactionAsync(cancellationToken);
        // Conflicts with itself and with row changes, not with reads: sign-ins go on while an admin changes users.
        await Database.ExecuteSqlRawAsync("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE", cancellationToken);
        return transaction;
    }
}
