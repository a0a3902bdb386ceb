using Microsoft.EntityFrameworkCore.Design;

namespace IntellyHub.Platform.Persistence;

/// <summary>Lets the EF tools build the SQLite model (add-migration.sh).</summary>
public sealed class SqlitePlatformDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePlatformDbContext>
{
    public SqlitePlatformDbContext CreateDbContext(string[] args) => new(SqlitePlatformDbContext.CreateOptions("Data Source=design-time.db"));
}

/// <summary>Lets the EF tools build the PostgreSQL model (add-migration.sh).</summary>
public sealed class PostgreSqlPlatformDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlPlatformDbContext>
{
    public PostgreSqlPlatformDbContext CreateDbContext(string[] args) => new(PostgreSqlPlatformDbContext.CreateOptions("Host=localhost;Database=intellyhub_design"));
}
