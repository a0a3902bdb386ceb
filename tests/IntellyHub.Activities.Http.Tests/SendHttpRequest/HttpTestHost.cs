using System.Collections.Concurrent;
using IntellyHub.Activities.Http.Requests;
using IntellyHub.Extensions;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntellyHub.Activities.Http.Tests.SendHttpRequest;

/// <summary>The engine with <c>AddHttpRequests()</c>, a recording fake clock and every log line captured (Trace and up).</summary>
public sealed class HttpTestHost : IDisposable
{
    private readonly StringWriter _output = new();

    public HttpTestHost()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IStandardOutput>(new CapturedOutput(_output));
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddIntellyHub(hub => hub.AddHttpRequests());
        Services = services.BuildServiceProvider();
    }

    public RecordingTimeProvider Clock { get; } = new();
    public CapturedLogs Logs { get; } = new();
    public ServiceProvider Services { get; }
    public WorkflowRunner Runner => Services.GetRequiredService<WorkflowRunner>();
    public WorkflowDefinitionSerializer Serializer => Services.GetRequiredService<WorkflowDefinitionSerializer>();
    public HttpRequestSender Sender => Services.GetRequiredService<HttpRequestSender>();

    public Task<RunWorkflowResult> RunAsync(Activity root) => Runner.RunAsync(root as Workflow ?? new Workflow(root));

    /// <summary>Runs one request activity alone and returns its journal record.</summary>
    public async Task<ActivityExecutionRecord> RunRequestAsync(Activity request)
    {
        var result = await RunAsync(request);
        Assert.Empty(result.Incidents);
        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        return result.Journal.Single(r => r.ActivityId == request.Id);
    }

    /// <summary>Lines written by WriteLine so far.</summary>
    public IReadOnlyList<string> Lines => _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

    public void Dispose() => Services.Dispose();

    private sealed class CapturedOutput(TextWriter writer) : IStandardOutput
    {
        public TextWriter Writer { get; } = writer;
    }
}

/// <summary>Every log event's category, message, state values and exception, as text.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} [{values}] {exception}");
        }
    }
}
