using System.Data.Common;
using IntellyHub.Platform.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntellyHub.Platform.Bootstrap;

/// <summary>
/// At start: applies the platform's migrations when configured, then creates the first admin. When the schema is
/// not up to date (PostgreSQL before the migrate command) the admin is created by the migrate command instead.
/// </summary>
internal sealed partial class PlatformStartup(PlatformMigrator migrator, AdminBootstrap bootstrap, IOptions<PlatformOptions> options, ILogger<PlatformStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The work below runs off the host's thread: a host that starts its services concurrently starts the others
        // (the web server) meanwhile.
        await Task.Yield();
        if (options.Value.MigratesOnStart)
        {
            await migrator.MigrateAsync(cancellationToken);
            await bootstrap.EnsureAdminAsync(cancellationToken);
            return;
        }

        try
        {
            var pending = await migrator.GetPendingMigrationsAsync(cancellationToken);
            if (pending.Count > 0) LogNotMigrated(logger, pending.Count);
            else await bootstrap.EnsureAdminAsync(cancellationToken);
        }
        catch (DbException exception)
        {
            // The server still starts; /health/ready reports the database.
            LogUnreachable(logger, exception.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(3002, LogLevel.Warning, "The platform tables have {Count} migration(s) pending: run the migrate command (it also creates the first admin)")]
    private static partial void LogNotMigrated(ILogger logger, int count);

    [LoggerMessage(3003, LogLevel.Warning, "The platform database could not be checked at start: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string reason);
}
