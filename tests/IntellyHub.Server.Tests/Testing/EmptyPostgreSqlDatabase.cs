using IntellyHub.Runtime.Tests.Testing;
using Npgsql;

namespace IntellyHub.Server.Tests.Testing;

/// <summary>A new PostgreSQL database without any table (for the migrate command), dropped at dispose.</summary>
public sealed class EmptyPostgreSqlDatabase : IAsyncDisposable
{
    private readonly string _name = "ih_empty_" + Guid.NewGuid().ToString("N")[..12];

    private EmptyPostgreSqlDatabase() => ConnectionString = new NpgsqlConnectionStringBuilder(TestDatabase.PostgreSqlServer) { Database = _name }.ConnectionString;

    public string ConnectionString { get; }

    public static async Task<EmptyPostgreSqlDatabase> CreateAsync()
    {
        var database = new EmptyPostgreSqlDatabase();
        await ExecuteAsync($"CREATE DATABASE {database._name}");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestDatabase.PostgreSqlServer) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
