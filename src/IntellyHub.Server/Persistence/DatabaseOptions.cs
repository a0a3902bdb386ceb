namespace IntellyHub.Server.Persistence;

/// <summary>The database engines the server can keep its runtime on.</summary>
public enum DatabaseProvider
{
    /// <summary>A local file: the zero-set-up default (one server).</summary>
    Sqlite,

    /// <summary>Production and replicas.</summary>
    PostgreSql,
}

/// <summary>
/// The runtime's database, bound from <c>IntellyHub:Database</c>; the connection string comes from
/// <c>ConnectionStrings:IntellyHub</c> (SQLite default: <c>data/intellyhub.db</c> under the content root).
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "IntellyHub:Database";
    public const string ConnectionStringName = "IntellyHub";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>From <c>ConnectionStrings:IntellyHub</c>; a relative SQLite file is resolved against the content root.</summary>
    public string? ConnectionString { get; internal set; }
}
