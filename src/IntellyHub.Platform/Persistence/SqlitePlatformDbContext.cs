using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace IntellyHub.Platform.Persistence;

/// <summary>The platform on SQLite (migrations in <c>Migrations/Sqlite</c>).</summary>
public sealed class SqlitePlatformDbContext(DbContextOptions<SqlitePlatformDbContext> options) : PlatformDbContext(options)
{
    /// <summary>Options for <paramref name="connectionString"/>: the platform's history table, and the same pragmas as the runtime.</summary>
    public static DbContextOptions<SqlitePlatformDbContext> CreateOptions(string connectionString) =>
        new DbContextOptionsBuilder<SqlitePlatformDbContext>()
            .UseSqlite(connectionString, o => o.MigrationsHistoryTable(MigrationsHistoryTable))
            .AddInterceptors(PragmaInterceptor.Instance)
#if !NO_COMPILED_MODEL
            .UseCompiledModel(CompiledModel.Sqlite.SqlitePlatformDbContextModel.Instance)
#endif
            .Options;

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset values: store them as UTC ticks.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    /// <summary>Internal, not private: the compiled model creates it.</summary>
    internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

    /// <summary>The file is shared with the runtime's writers: WAL, and waiting instead of failing while one writes.</summary>
    private sealed class PragmaInterceptor : DbConnectionInterceptor
    {
        public static readonly PragmaInterceptor Instance = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";
            command.ExecuteNonQuery();
        }
    }
}
