using System.Collections.Concurrent;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace IntellyHub.Server.Tests.Security;

/// <summary>Every Serilog event of a server (the server's Serilog setup takes sinks registered as services).</summary>
public sealed class LogCapture : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => [.. _events];

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>A server like <paramref name="factory"/> whose log events go to this capture too.</summary>
    public WebApplicationFactory<Program> Attach(WebApplicationFactory<Program> factory) =>
        factory.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<ILogEventSink>(this)));

    /// <summary>The events whose text (message, properties, exception) contains <paramref name="value"/>.</summary>
    public IReadOnlyList<LogEvent> Containing(string value) =>
        [.. Events.Where(e => e.RenderMessage().Contains(value, StringComparison.Ordinal)
            || e.Properties.Values.Any(p => p.ToString().Contains(value, StringComparison.Ordinal))
            || e.Exception?.ToString().Contains(value, StringComparison.Ordinal) == true)];
}
