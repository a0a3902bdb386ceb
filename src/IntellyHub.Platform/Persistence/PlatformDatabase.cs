using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace IntellyHub.Platform.Persistence;

/// <summary>
/// Creates platform contexts of the configured provider (pooled). Everything in the platform reaches the
/// database through this factory.
/// </summary>
public sealed class PlatformDatabase(IOptions<PlatformOptions> options) : IDbContextFactory<PlatformDbContext>
{
    private readonly Lazy<Func<PlatformDbContext>> _create = new(() => CreateFactory(options.Value));

    /// <summary>The provider, for logs and health checks.</summary>
    public PlatformProvider Provider => options.Value.Provider;

    /// <inheritdoc />
    public PlatformDbContext CreateDbContext() => _create.Value();

    /// <inheritdoc />
    public Task<PlatformDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => Task.FromResult(CreateDbContext());

    private static Func<PlatformDbContext> CreateFactory(PlatformOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new InvalidOperationException("The platform database has no connection string.");
        if (options.Provider == PlatformProvider.PostgreSql)
        {
            var pool = new PooledDbContextFactory<PostgreSqlPlatformDbContext>(PostgreSqlPlatformDbContext.CreateOptions(options.ConnectionString));
            return pool.CreateDbContext;
        }

        var sqlite = new PooledDbContextFactory<SqlitePlatformDbContext>(SqlitePlatformDbContext.CreateOptions(options.ConnectionString));
        return sqlite.CreateDbContext;
    }
}
