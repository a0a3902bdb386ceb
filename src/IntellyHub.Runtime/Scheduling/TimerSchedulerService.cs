using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IntellyHub.Runtime.Scheduling;

/// <summary>
/// Runs the <see cref="TimerScheduler"/> with the runtime's background services: reconciles and starts it (again after a
/// pause while that fails, e.g. while the database is unreachable), and stops it with the host.
/// </summary>
public sealed partial class TimerSchedulerService(TimerScheduler scheduler, TimeProvider clock, ILogger<TimerSchedulerService> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await scheduler.StartAsync(stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogStartFailed(logger, RetryDelay, exception);
            }

            try
            {
                await Task.Delay(RetryDelay, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await scheduler.StopAsync(cancellationToken);
    }

    [LoggerMessage(1310, LogLevel.Error, "The timer scheduler did not start (timers, cron, start-at triggers and delays do not fire in this process yet); trying again in {RetryDelay}")]
    private static partial void LogStartFailed(ILogger logger, TimeSpan retryDelay, Exception exception);
}
