using IntellyHub.Runtime.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace IntellyHub.Runtime.Sqlite;

/// <summary>Lets the EF tools build the SQLite model (for adding migrations).</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<IntellyHubDbContext>
{
    public IntellyHubDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<IntellyHubDbContext>();
        new SqliteRuntimeDatabase("Data Source=design-time.db").Configure(builder);
        builder.ReplaceService<IModelCacheKeyFactory, ProviderModelCacheKeyFactory>();
        return new IntellyHubDbContext(builder.Options);
    }
}
