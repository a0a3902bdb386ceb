namespace IntellyHub.Platform.Persistence;

/// <summary>The database engines the platform can keep its tables on.</summary>
public enum PlatformProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>Where the platform's tables are (the host fills this in: the same database as the runtime).</summary>
public sealed class PlatformOptions
{
    public PlatformProvider Provider { get; set; } = PlatformProvider.Sqlite;

    public string ConnectionString { get; set; } = "";

    /// <summary>Apply the platform's migrations at start (default: SQLite yes, PostgreSQL no — run the migrate command).</summary>
    public bool? MigrateOnStart { get; set; }

    /// <summary>True when the migrations are applied at start.</summary>
    public bool MigratesOnStart => MigrateOnStart ?? Provider == PlatformProvider.Sqlite;
}
