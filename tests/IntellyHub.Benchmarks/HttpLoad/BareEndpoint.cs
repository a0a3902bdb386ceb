using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IntellyHub.Benchmarks.HttpLoad;

/// <summary>
/// The yardstick: a bare minimal-API endpoint answering the same request with the same body as the benchmark flow,
/// run in its own process like the server (<c>http-bare --urls …</c>), with the server's GC settings.
/// </summary>
public static class BareEndpoint
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/workflows/" + HttpLoadFlow.Path, (string? name) => Results.Text(HttpLoadFlow.Greeting(name ?? "world"), "text/plain"));
        await app.RunAsync();
        return 0;
    }
}
