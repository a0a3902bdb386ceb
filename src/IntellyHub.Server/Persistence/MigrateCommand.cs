using IntellyHub.Platform.Bootstrap;
using IntellyHub.Platform.Persistence;
using IntellyHub.Runtime.Persistence;

namespace IntellyHub.Server.Persistence;

/// <summary>
/// <c>IntellyHub.Server migrate</c>: brings the configured database's schema up to date (the runtime's tables, then
/// the platform's), creates the first admin when there is no user (see README, "Authentication"), and exits.
/// </summary>
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

        var platform = services.GetRequiredService<PlatformMigrator>();
        var platformPending = await platform.GetPendingMigrationsAsync(cancellationToken);
        await platform.MigrateAsync(cancellationToken);
        LogPlatformMigrated(logger, platformPending.Count);
        await services.GetRequiredService<AdminBootstrap>().EnsureAdminAsync(cancellationToken);
        return 0;
    }

    [LoggerMessage(2000, LogLevel.Information, "Applied {Count} migration(s) to the {Provider} database; the schema is up to date")]
    private static partial void LogMigrated(ILogger logger, int count, string provider);

    [LoggerMessage(2001, LogLevel.Information, "Applied {Count} platform migration(s) (users, API keys); the platform tables are up to date")]
    private static partial void LogPlatformMigrated(ILogger logger, int count);
}
