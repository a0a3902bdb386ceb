using IntellyHub.Extensions;
using IntellyHub.Runtime.Definitions;
using IntellyHub.Runtime.Dispatch;
using IntellyHub.Runtime.Instances;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Runtime.Scheduling;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Registration;
using IntellyHub.Workflows.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IntellyHub.Runtime.Tests.Testing;

/// <summary>
/// The runtime as a host registers it (AddIntellyHub + UseRuntime) on a test database, with a fake
/// clock. Background services are off: tests drive the dispatch worker and timers explicitly.
/// </summary>
public sealed class RuntimeTestHost : IAsyncDisposable
{
    private readonly StringWriter _output = new();

    // systemClock: the real clock instead of Clock, to share the database with other processes (which run on real time).
    // scheduler: timer scheduler options (Quartz), e.g. a short misfire threshold.
    public RuntimeTestHost(TestDatabase database, Action<RuntimeOptions>? configure = null, Action<IntellyHubBuilder>? hub = null, string? nodeId = null, bool systemClock = false,
        Action<SchedulerOptions>? scheduler = null)
    {
        Database = database;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(systemClock ? TimeProvider.System : Clock);
        services.AddSingleton<IStandardOutput>(new CapturedOutput(_output));
        services.AddIntellyHub(b =>
        {
            hub?.Invoke(b);
            b.UseRuntime(rt =>
            {
                rt.UseDatabase(database.CreateRuntimeDatabase());
                if (scheduler is not null) rt.ConfigureScheduler(scheduler);
                rt.Configure(o =>
                {
                    o.RunBackgroundServices = false;
                    o.MigrateOnStart = false;
                    o.LeaseWaitTimeout = TimeSpan.Zero;
                    if (nodeId is not null) o.NodeId = nodeId;
                    configure?.Invoke(o);
                });
            });
        });
        Services = services.BuildServiceProvider();
    }

    public TestDatabase Database { get; }
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
    public ServiceProvider Services { get; }
    public WorkflowRuntime Runtime => Services.GetRequiredService<WorkflowRuntime>();
    public WorkflowDefinitionService Definitions => Services.GetRequiredService<WorkflowDefinitionService>();
    public DispatchWorker Worker => Services.GetRequiredService<DispatchWorker>();
    public TimerScheduler Timers => Services.GetRequiredService<TimerScheduler>();
    public WorkflowDefinitionSerializer Serializer => Services.GetRequiredService<WorkflowDefinitionSerializer>();

    public IReadOnlyList<string> Lines => _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

    public IntellyHubDbContext CreateContext() => Services.GetRequiredService<IDbContextFactory<IntellyHubDbContext>>().CreateDbContext();

    /// <summary>Saves (and publishes) a definition given as Elsa JSON.</summary>
    public async Task<WorkflowDefinitionRecord> SaveAsync(string json, bool publish = true)
    {
        var result = await Definitions.SaveAsync(Serializer.Parse(json), publish);
        return result.Definition;
    }

    /// <summary>Runs queue batches until the queue is empty (or nothing more can be done now).</summary>
    public async Task DrainQueueAsync()
    {
        for (var i = 0; i < 100 && await Worker.ProcessBatchAsync(CancellationToken.None) > 0; i++) { }
    }

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();

    private sealed class CapturedOutput(TextWriter writer) : IStandardOutput
    {
        public TextWriter Writer { get; } = writer;
    }
}
