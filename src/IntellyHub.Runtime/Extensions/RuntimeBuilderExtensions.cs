using IntellyHub.Runtime;
using IntellyHub.Runtime.Definitions;
using IntellyHub.Runtime.Dispatch;
using IntellyHub.Runtime.Instances;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Runtime.Retention;
using IntellyHub.Runtime.Scheduling;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Registration;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace IntellyHub.Extensions;

/// <summary>Configures the durable runtime: its database and options.</summary>
public sealed class RuntimeBuilder(IServiceCollection services)
{
    public IServiceCollection Services { get; } = services;

    /// <summary>Sets the database provider (called by UseSqlite / UsePostgreSql).</summary>
    public RuntimeBuilder UseDatabase(IRuntimeDatabase database)
    {
        Services.RemoveAll<IRuntimeDatabase>();
        Services.AddSingleton(database);
        return this;
    }

    /// <summary>Changes runtime options.</summary>
    public RuntimeBuilder Configure(Action<RuntimeOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    /// <summary>Changes the timer scheduler's options (Quartz.NET threads, misfire threshold, cluster check-in).</summary>
    public RuntimeBuilder ConfigureScheduler(Action<SchedulerOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }
}

/// <summary>Adds the durable runtime to IntellyHub.</summary>
public static class RuntimeBuilderExtensions
{
    /// <summary>
    /// Adds the stores, the runtime API (<see cref="WorkflowRuntime"/>, <see cref="WorkflowDefinitionService"/>),
    /// and the background services (dispatch workers, the timer scheduler, recovery, retention, migration at start).
    /// <paramref name="configure"/> must choose a database (UseSqlite or UsePostgreSql).
    /// </summary>
    public static IntellyHubBuilder UseRuntime(this IntellyHubBuilder builder, Action<RuntimeBuilder> configure)
    {
        var services = builder.Services;
        var runtime = new RuntimeBuilder(services);
        services.AddOptions<RuntimeOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SchedulerOptions>().ValidateDataAnnotations().ValidateOnStart();
        configure(runtime);

        services.AddPooledDbContextFactory<IntellyHubDbContext>((sp, options) =>
        {
            var database = sp.GetService<IRuntimeDatabase>()
                ?? throw new InvalidOperationException("No runtime database is configured: call UseSqlite or UsePostgreSql in UseRuntime.");
            database.Configure(options);
            options.ReplaceService<IModelCacheKeyFactory, ProviderModelCacheKeyFactory>();
        });

        services.TryAddSingleton<WorkflowCache>();
        services.TryAddSingleton<WorkflowDefinitionService>();
        services.TryAddSingleton<WorkflowRuntime>();
        services.TryAddSingleton<DispatchSignal>();
        services.TryAddSingleton<StartCommitBatcher>();
        services.TryAddSingleton<RuntimeMigrator>();
        services.TryAddSingleton<DispatchWorker>();
        services.TryAddSingleton<TimerScheduler>();
        services.TryAddSingleton<TimerSchedulerService>();
        services.TryAddSingleton<InstanceRecoveryService>();
        services.TryAddSingleton<RetentionService>();
        services.TryAddSingleton<IStimulusSender, RuntimeStimulusSender>();             // watchers resume bookmarks through the queue
        services.RemoveAll<IWorkflowProvider>();
        services.AddSingleton<IWorkflowProvider, StoreWorkflowProvider>();

        // The migrator runs first (hosted services start in order), then the background services if enabled.
        services.AddHostedService(sp => sp.GetRequiredService<RuntimeMigrator>());
        services.AddHostedService(sp => new RuntimeBackgroundServices(sp));
        return builder;
    }
}

/// <summary>
/// Starts the runtime's background services unless <see cref="RuntimeOptions.RunBackgroundServices"/> is off. Their
/// loops start once the application has started (<see cref="IHostApplicationLifetime.ApplicationStarted"/>; at once
/// without a lifetime): their first queries are compiled then, not while the host starts, which shortens the time to
/// the first request served. <c>await host.StartAsync()</c> still returns with them started.
/// </summary>
internal sealed class RuntimeBackgroundServices(IServiceProvider services) : IHostedService
{
    private readonly List<IHostedService> _started = [];
    private CancellationTokenRegistration _onStarted;
    private bool _stopped;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RuntimeOptions>>().Value.RunBackgroundServices) return Task.CompletedTask;
        // Resolved now, so that a misconfiguration still fails the start.
        IHostedService[] all =
        [
            services.GetRequiredService<DispatchWorker>(),
            services.GetRequiredService<TimerSchedulerService>(),
            services.GetRequiredService<InstanceRecoveryService>(),
            services.GetRequiredService<RetentionService>(),
        ];
        var lifetime = services.GetService<IHostApplicationLifetime>();
        if (lifetime is null) return StartAllAsync(all, cancellationToken);
        _onStarted = lifetime.ApplicationStarted.Register(() => _ = StartAllAsync(all, CancellationToken.None));
        return Task.CompletedTask;
    }

    private async Task StartAllAsync(IHostedService[] all, CancellationToken cancellationToken)
    {
        foreach (var service in all)
        {
            lock (_started)
            {
                if (_stopped) return;
                _started.Add(service);
            }

            // Background services return at once: their loops run on the thread pool.
            await service.StartAsync(cancellationToken);
        }
    }

    /// <summary>Stops what was started, once, even when the host is stopped twice at the same time (WebApplicationFactory does).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _onStarted.DisposeAsync();
        IHostedService[] started;
        lock (_started)
        {
            _stopped = true;
            started = [.. _started];
            _started.Clear();
        }

        foreach (var service in started) await service.StopAsync(cancellationToken);
    }
}
