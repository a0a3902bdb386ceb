using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IntellyHub.Server.Tests.Testing;

/// <summary>
/// The real server in memory, with the given settings on top of appsettings.json (later ones win; logging quietened).
/// Every server has the bootstrap admin of <see cref="AuthenticatedClients"/> unless the settings say otherwise.
/// No request may end in a 5xx other than 503: each one is recorded, and disposing the server fails the test that used it
/// (unless <see cref="ServerErrorsExpected"/> is set by a test that provokes one on purpose).
/// </summary>
public sealed class ServerFactory(IEnumerable<(string Key, string? Value)> settings) : WebApplicationFactory<Program>
{
    /// <summary>A server on the SQLite file <c>intellyhub.db</c> in <paramref name="folder"/> (created and migrated by the server at start).</summary>
    public static ServerFactory Sqlite(string folder, params (string Key, string? Value)[] settings) =>
        new([("IntellyHub:Database:Provider", "Sqlite"), ("ConnectionStrings:IntellyHub", $"Data Source={Path.Combine(folder, "intellyhub.db")}"), .. AuthenticatedClients.BootstrapSettings, .. settings]);

    /// <summary>
    /// A server on the PostgreSQL database <paramref name="connectionString"/>. The test databases are cloned from a
    /// template with the runtime's tables only, so the server adds the platform's tables (users, API keys) at start.
    /// </summary>
    public static ServerFactory PostgreSql(string connectionString, params (string Key, string? Value)[] settings) =>
        new([("IntellyHub:Database:Provider", "PostgreSql"), ("ConnectionStrings:IntellyHub", connectionString), ("IntellyHub:Platform:MigrateOnStart", "true"),
            .. AuthenticatedClients.BootstrapSettings, .. settings]);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["Serilog:MinimumLevel:Default"] = "Warning" };
        foreach (var (key, value) in settings) data[key] = value;
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(data));
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new ServerErrorRecorder(_serverErrors)));
    }

    private readonly ConcurrentQueue<string> _serverErrors = new();

    /// <summary>Set by tests that make the server answer 5xx on purpose.</summary>
    public bool ServerErrorsExpected { get; set; }

    /// <summary>Every request answered with a 5xx so far: method, path, status.</summary>
    public IReadOnlyCollection<string> ServerErrors => _serverErrors;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && !ServerErrorsExpected && !_serverErrors.IsEmpty)
            throw new InvalidOperationException("The server answered with a server error: " + string.Join("; ", _serverErrors));
    }

    /// <summary>The outermost middleware: notes every response with a 5xx status.</summary>
    private sealed class ServerErrorRecorder(ConcurrentQueue<string> errors) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (HttpContext context, RequestDelegate following) =>
            {
                try
                {
                    await following(context);
                }
                catch (Exception exception)
                {
                    errors.Enqueue($"{context.Request.Method} {context.Request.Path} → unhandled {exception.GetType().Name}");
                    throw;
                }

                // 503 is an answer (readiness: not ready yet), not a failure.
                if (context.Response.StatusCode >= StatusCodes.Status500InternalServerError && context.Response.StatusCode != StatusCodes.Status503ServiceUnavailable)
                    errors.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString} → {context.Response.StatusCode}");
            });
            next(app);
        };
    }
}
