namespace IntellyHub.Extensions;

/// <summary>
/// Start-up in parallel: the hosted services start concurrently, so the database work (the runtime's and the
/// platform's migrations, the first admin) overlaps the web host's (data protection keys, the request pipeline,
/// Kestrel's bind). Kestrel may then accept a request before the database is ready; the start-up gate holds such
/// requests until every service has started (<see cref="IHostApplicationLifetime.ApplicationStarted"/>), so no
/// request ever sees a half-migrated database. A service that fails to start stops the host as before.
/// </summary>
public static class ConcurrentStartExtensions
{
    /// <summary>Starts the hosted services concurrently (see the class summary).</summary>
    public static IServiceCollection AddConcurrentStart(this IServiceCollection services) =>
        services.Configure<HostOptions>(options =>
        {
            options.ServicesStartConcurrently = true;
            options.ServicesStopConcurrently = true;
        });

    /// <summary>Holds requests that arrive while the services are still starting; first in the pipeline.</summary>
    public static WebApplication UseStartupGate(this WebApplication app)
    {
        var started = app.Lifetime.ApplicationStarted;
        var stopping = app.Lifetime.ApplicationStopping;
        app.Use(async (context, next) =>
        {
            if (!started.IsCancellationRequested) await WaitForStartAsync(started, stopping, context.RequestAborted);
            await next(context);
        });
        return app;
    }

    private static async Task WaitForStartAsync(CancellationToken started, CancellationToken stopping, CancellationToken aborted)
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onStarted = started.Register(() => ready.TrySetResult());
        await using var onStopping = stopping.Register(() => ready.TrySetCanceled(stopping));
        await using var onAborted = aborted.Register(() => ready.TrySetCanceled(aborted));
        await ready.Task;
    }
}
