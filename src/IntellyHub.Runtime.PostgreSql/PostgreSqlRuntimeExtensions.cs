using IntellyHub.Runtime.PostgreSql;

namespace IntellyHub.Extensions;

/// <summary>Chooses PostgreSQL for the runtime.</summary>
public static class PostgreSqlRuntimeExtensions
{
    /// <summary>Stores the runtime in PostgreSQL (Npgsql connection string).</summary>
    public static RuntimeBuilder UsePostgreSql(this RuntimeBuilder runtime, string connectionString) =>
        runtime.UseDatabase(new PostgreSqlRuntimeDatabase(connectionString));
}
