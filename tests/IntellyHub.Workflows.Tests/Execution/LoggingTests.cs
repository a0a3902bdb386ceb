using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Tests.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntellyHub.Workflows.Tests.Execution;

public sealed class LoggingTests
{
    [Fact]
    public async Task ActivityLog_CarriesWorkflowInstanceAndActivityIdsInScope()
    {
        var sink = new ScopeCapturingProvider();
        using var host = new WorkflowTestHost(services: s => s.AddLogging(b => b.AddProvider(sink).SetMinimumLevel(LogLevel.Debug)));
        var result = await host.RunAsync(new LoggingActivity { Id = "logger1" }, new RunWorkflowOptions { InstanceId = "instance-42" });

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        var entry = Assert.Single(sink.Entries, e => e.Message == "hello from the activity");
        Assert.Equal("instance-42", entry.Scope["WorkflowInstanceId"]);
        Assert.Equal("logger1", entry.Scope["ActivityId"]);
        Assert.Equal("IntellyHub.Test.Logging", entry.Scope["ActivityType"]);
    }

    [Activity("IntellyHub.Test.Logging")]
    public sealed class LoggingActivity : CodeActivity
    {
        protected override void Run(ActivityExecutionContext context) => context.Logger.LogInformation("hello from the activity");
    }

    private sealed record LogEntry(string Message, Dictionary<string, object?> Scope);

    private sealed class ScopeCapturingProvider : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public List<LogEntry> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose() { }

        private sealed class Logger(ScopeCapturingProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scope = new Dictionary<string, object?>();
                provider._scopes.ForEachScope((value, target) =>
                {
                    if (value is IEnumerable<KeyValuePair<string, object>> pairs)
                        foreach (var (key, item) in pairs) target[key] = item;
                }, scope);
                lock (provider.Entries) provider.Entries.Add(new LogEntry(formatter(state, exception), scope));
            }
        }
    }
}
