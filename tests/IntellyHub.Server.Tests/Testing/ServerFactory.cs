using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace IntellyHub.Server.Tests.Testing;

/// <summary>The real server in memory, with the given settings on top of appsettings.json (later ones win; logging quietened).</summary>
public sealed class ServerFactory(IEnumerable<(string Key, string? Value)> settings) : WebApplicationFactory<Program>
{
    /// <summary>A server on the SQLite file <c>intellyhub.db</c> in <paramref name="folder"/> (created and migrated by the server at start).</summary>
    public static ServerFactory Sqlite(string folder, params (string Key, string? Value)[] settings) =>
        new([("IntellyHub:Database:Provider", "Sqlite"), ("ConnectionStrings:IntellyHub", $"Data Source={Path.Combine(folder, "intellyhub.db")}"), .. settings]);

    /// <summary>A server on the PostgreSQL database <paramref name="connectionString"/>.</summary>
    public static ServerFactory PostgreSql(string connectionString, params (string Key, string? Value)[] settings) =>
        new([("IntellyHub:Database:Provider", "PostgreSql"), ("ConnectionStrings:IntellyHub", connectionString), .. settings]);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["Serilog:MinimumLevel:Default"] = "Warning" };
        foreach (var (key, value) in settings) data[key] = value;
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(data));
    }
}
