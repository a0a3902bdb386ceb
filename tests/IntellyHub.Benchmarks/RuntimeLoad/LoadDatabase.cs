using IntellyHub.Extensions;
using IntellyHub.Runtime.Definitions;
using IntellyHub.Runtime.Instances;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Serialization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace IntellyHub.Benchmarks.RuntimeLoad;

/// <summary>
/// A new database for one scenario (PostgreSQL: CREATE DATABASE on the given server; SQLite: a temp file),
/// migrated, with the runtime registered on it the way a host does (AddIntellyHub + UseRuntime). Dropped on dispose.
/// </summary>
public sealed class LoadDatabase : IAsyncDisposable
{
    private readonly LoadOptions _options;
    private readonly string? _folder;

    private LoadDatabase(LoadOptions options, string connectionString, string? databaseName, string? folder)
    {
        _options = options;
        ConnectionString = connectionString;
        DatabaseName = databaseName;
        _folder = folder;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IStandardOutput>(new NullOutput());
        services.AddIntellyHub(b => b.UseRuntime(rt =>
        {
            if (IsPostgreSql) rt.UsePostgreSql(connectionString);
            else rt.UseSqlite(connectionString);
            rt.Configure(o =>
            {
                o.RunBackgroundServices = false;
                o.MigrateOnStart = false;
                o.Journal = options.Journal;
            });
        }));
        Services = services.BuildServiceProvider();
    }

    public string ConnectionString { get; }
    public string? DatabaseName { get; }
    public bool IsPostgreSql => DatabaseName is not null;
    public string ProviderName => IsPostgreSql ? "PostgreSQL" : "SQLite";
    public ServiceProvider Services { get; }
    public WorkflowRuntime Runtime => Services.GetRequiredService<WorkflowRuntime>();
    public WorkflowDefinitionService Definitions => Services.GetRequiredService<WorkflowDefinitionService>();
    public WorkflowDefinitionSerializer Serializer => Services.GetRequiredService<WorkflowDefinitionSerializer>();
    public IDbContextFactory<IntellyHubDbContext> DbFactory => Services.GetRequiredService<IDbContextFactory<IntellyHubDbContext>>();

    public static async Task<LoadDatabase> CreateAsync(LoadOptions options)
    {
        LoadDatabase database;
        if (options.PostgreSqlServer is { } server)
        {
            var name = "ih_load_" + Guid.NewGuid().ToString("N")[..12];
            await AdminAsync(server, $"CREATE DATABASE {name}");
            var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
            database = new LoadDatabase(options, builder.ConnectionString, name, null);
        }
        else
        {
            var folder = Path.Combine(Path.GetTempPath(), "ih-load", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            database = new LoadDatabase(options, $"Data Source={Path.Combine(folder, "intellyhub.db")}", null, folder);
        }

        await database.Services.GetRequiredService<RuntimeMigrator>().MigrateAsync();
        Console.WriteLine($"database: {database.ProviderName} {database.DatabaseName ?? database.ConnectionString} (migrated)");
        return database;
    }

    /// <summary>Saves and publishes a definition given as Elsa JSON.</summary>
    public async Task<WorkflowDefinitionRecord> PublishAsync(string json) =>
        (await Definitions.SaveAsync(Serializer.Parse(json), publish: true)).Definition;

    /// <summary>Runs a scalar query on this database (outside the runtime).</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a statement on this database (PostgreSQL, outside the runtime's pool).</summary>
    public async Task<int> ExecuteAsync(string sql, params NpgsqlParameter[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 3600 };
        command.Parameters.AddRange(parameters);
        return await command.ExecuteNonQueryAsync();
    }

    private static async Task AdminAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_options.Keep)
        {
            Console.WriteLine($"kept: {DatabaseName ?? ConnectionString}");
            return;
        }

        if (IsPostgreSql)
        {
            NpgsqlConnection.ClearAllPools();
            await AdminAsync(_options.PostgreSqlServer!, $"DROP DATABASE IF EXISTS {DatabaseName} WITH (FORCE)");
        }
        else if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // Left for the temp folder cleanup.
            }
        }

        Console.WriteLine($"dropped: {DatabaseName ?? _folder}");
    }

    private sealed class NullOutput : IStandardOutput
    {
        public TextWriter Writer => TextWriter.Null;
    }
}
