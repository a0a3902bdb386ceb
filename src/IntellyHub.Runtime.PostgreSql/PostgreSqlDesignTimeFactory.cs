using IntellyHub.Runtime.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace IntellyHub.Runtime.PostgreSql;

/// <summary>Lets the EF tools build the PostgreSQL model (for adding migrations).</summary>
public sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<IntellyHubDbContext>
{
    public IntellyHubDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<IntellyHubDbContext>();
        new PostgreSqlRuntimeDatabase("Host=localhost;Database=intellyhub_design").Configure(builder);
        builder.ReplaceService<IModelCacheKeyFactory, ProviderModelCacheKeyFactory>();
        return new IntellyHubDbContext(builder.Options);
    }
}
