using IntellyHub.Runtime.Persistence;
using IntellyHub.Runtime.PostgreSql;
using IntellyHub.Runtime.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace IntellyHub.Runtime.Tests.Testing;

/// <summary>The database providers the runtime suite runs on.</summary>
public enum Provider
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// A fresh, migrated database for one test class: a SQLite file in a temp folder, or a PostgreSQL
/// database cloned from a migrated template (built once per test run). PostgreSQL comes from the
/// <c>IH_PG</c> connection string that <c>.ci/services.sh start</c> writes.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? _template;
    private readonly string? _folder;

    private TestDatabase(Provider provider, string connectionString, string? folder, string? databaseName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _folder = folder;
        DatabaseName = databaseName;
    }

    public Provider Provider { get; }
    public string ConnectionString { get; }
    public string? DatabaseName { get; }

    /// <summary>The PostgreSQL server for tests (set by .ci/services.sh); the tests fail without it.</summary>
    public static string PostgreSqlServer => Environment.GetEnvironmentVariable("IH_PG")
        ?? throw new InvalidOperationException("IH_PG is not set: start the test services with `bash .ci/services.sh start` and `source /tmp/ih-svc/env` (or run `bash .ci/test`).");

    public static async Task<TestDatabase> CreateAsync(Provider provider)
    {
        if (provider == Provider.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "ih-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var connectionString = $"Data Source={Path.Combine(folder, "intellyhub.db")}";
            await using var db = CreateContext(new SqliteRuntimeDatabase(connectionString));
            await db.Database.MigrateAsync();
            return new TestDatabase(provider, connectionString, folder, null);
        }

        var template = await EnsureTemplateAsync();
        var name = "ih_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteAsync(PostgreSqlServer, $"CREATE DATABASE {name} TEMPLATE {template}");
        var builder = new NpgsqlConnectionStringBuilder(PostgreSqlServer) { Database = name };
        return new TestDatabase(provider, builder.ConnectionString, null, name);
    }

    /// <summary>The runtime database of this test database.</summary>
    public IRuntimeDatabase CreateRuntimeDatabase() => Provider == Provider.Sqlite
        ? new SqliteRuntimeDatabase(ConnectionString)
        : new PostgreSqlRuntimeDatabase(ConnectionString);

    public static IntellyHubDbContext CreateContext(IRuntimeDatabase database)
    {
        var builder = new DbContextOptionsBuilder<IntellyHubDbContext>();
        database.Configure(builder);
        builder.ReplaceService<IModelCacheKeyFactory, ProviderModelCacheKeyFactory>();
        return new IntellyHubDbContext(builder.Options);
    }

    public IntellyHubDbContext CreateContext() => CreateContext(CreateRuntimeDatabase());

    private static async Task<string> EnsureTemplateAsync()
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (_template is not null) return _template;
            var name = "ih_tpl_" + Guid.NewGuid().ToString("N")[..12];
            await ExecuteAsync(PostgreSqlServer, $"CREATE DATABASE {name}");
            var builder = new NpgsqlConnectionStringBuilder(PostgreSqlServer) { Database = name, Pooling = false };
            await using (var db = CreateContext(new PostgreSqlRuntimeDatabase(builder.ConnectionString)))
                await db.Database.MigrateAsync();
            NpgsqlConnection.ClearAllPools();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => TryExecute(PostgreSqlServer, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            return _template = name;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static void TryExecute(string connectionString, string sql)
    {
        try
        {
            ExecuteAsync(connectionString, sql).GetAwaiter().GetResult();
        }
        catch (NpgsqlException)
        {
            // Best effort at process exit.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Provider == Provider.PostgreSql)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(PostgreSqlServer, $"DROP DATABASE IF EXISTS {DatabaseName} WITH (FORCE)");
        }
        else if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is removed with the temp folder later.
            }
        }
    }
}
