using System.Reflection;
using Serilog;
using Serilog.Events;
using Serilog.Settings.Configuration;

namespace IntellyHub.Extensions;

/// <summary>Structured logging through Serilog, configured from the <c>Serilog</c> section.</summary>
public static class LoggingExtensions
{
    /// <summary>Routes all logging through Serilog (sinks, levels and enrichers from configuration).</summary>
    public static WebApplicationBuilder AddServerLogging(this WebApplicationBuilder builder)
    {
        // The configuration is read from the container so that test hosts' settings apply; the static
        // Log.Logger is left alone, so several hosts in one process each have their own logger.
        builder.Services.AddSerilog(
            (services, logger) =>
            {
                var configuration = services.GetRequiredService<IConfiguration>();
                logger.ReadFrom.Configuration(configuration, new ConfigurationReaderOptions(SinkAssemblies(configuration))).ReadFrom.Services(services);
            },
            preserveStaticLogger: true);
        return builder;
    }

    /// <summary>
    /// Where the configuration's sinks and enrichers are looked for: Serilog, the console and file sinks the server
    /// ships, and the assemblies the <c>Serilog:Using</c> setting names. Given explicitly, because otherwise Serilog
    /// reads the dependency manifest and searches every library with "Serilog" in its name, at every start.
    /// </summary>
    private static Assembly[] SinkAssemblies(IConfiguration configuration)
    {
        var named = configuration.GetSection("Serilog:Using").GetChildren()
            .Select(c => c.Value).Where(name => !string.IsNullOrWhiteSpace(name))
            .Select(name => Assembly.Load(new AssemblyName(name!)));
        return [.. new[] { typeof(Log).Assembly, typeof(ConsoleLoggerConfigurationExtensions).Assembly, typeof(FileLoggerConfigurationExtensions).Assembly }.Concat(named).Distinct()];
    }

    /// <summary>
    /// One event per request: method, path (without the query string), status and time. Headers, query
    /// strings and bodies are never logged, so neither are Authorization headers nor tokens.
    /// </summary>
    public static WebApplication UseServerRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.GetLevel = (context, _, exception) =>
                exception is not null || context.Response.StatusCode >= StatusCodes.Status500InternalServerError ? LogEventLevel.Error
                : context.Request.Path.StartsWithSegments("/health") ? LogEventLevel.Debug
                // the web app's files: a few hundred per page load of Studio
                : context.Request.Path.StartsWithSegments("/app") && context.Response.StatusCode < StatusCodes.Status400BadRequest ? LogEventLevel.Debug
                : LogEventLevel.Information;
        });
        return app;
    }
}
