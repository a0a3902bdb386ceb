using IntellyHub.Platform.Persistence;
using IntellyHub.Runtime.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IntellyHub.Server.Health;

/// <summary>Ready when the database answers and has no pending migrations (the runtime's nor the platform's).</summary>
internal sealed class DatabaseHealthCheck(RuntimeMigrator migrator, PlatformMigrator platform, IRuntimeDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = (await migrator.GetPendingMigrationsAsync(cancellationToken)).Concat(await platform.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy($"{database.Name}: schema up to date")
                : HealthCheckResult.Unhealthy($"{database.Name}: {pending.Count} migration(s) pending; run the migrate command");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The exception goes to the health check log; the response only says what failed.
            return HealthCheckResult.Unhealthy($"{database.Name}: the database cannot be reached", exception);
        }
    }
}
