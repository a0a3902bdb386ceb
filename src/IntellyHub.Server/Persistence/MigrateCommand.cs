using IntellyHub.Runtime.Persistence;

namespace IntellyHub.Server.Persistence;

/// <summary><c>IntellyHub.Server migrate</c>: brings the configured database's schema up to date and exits.</summary>
internal static partial class MigrateCommand
{
    public const string Name = "migrate";

    /// <summary>Applies the pending migrations; returns the process exit code.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MigrateCommand).FullName!);
        var database = services.GetRequiredService<IRuntimeDatabase>();
        var migrator = services.GetRequiredService<RuntimeMigrator>();
        var pending = await migrator.GetPendingMigrationsAsync(cancellationToken);
        await migrator.MigrateAsync(cancellationToken);
        LogMigrated(logger, pending.Count, database.Name);
        return 0;
    }

    [LoggerMessage(2000, LogLevel.Information, "Applied {Count} migration(s) to the {Provider} database; the schema is up to date")]
    private static partial void LogMigrated(ILogger logger, int count, string provider);
}
