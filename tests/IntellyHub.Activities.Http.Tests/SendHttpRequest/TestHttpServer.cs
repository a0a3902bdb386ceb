using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntellyHub.Activities.Http.Tests.SendHttpRequest;

/// <summary>A real Kestrel server on 127.0.0.1 and a free port, with endpoints the tests call.</summary>
public sealed class TestHttpServer : IAsyncLifetime
{
    private WebApplication? _app;
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Requests received per key (sequence and retry-after endpoints).</summary>
    public int Calls(string key) => _calls.GetValueOrDefault(key);

    /// <summary>Every Authorization header value received, to check it was sent.</summary>
    public ConcurrentQueue<string> AuthorizationHeaders { get; } = new();

    public Uri Url(string pathAndQuery) => new(BaseAddress, pathAndQuery);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization is { Count: > 0 } authorization) AuthorizationHeaders.Enqueue(authorization.ToString());
            await next(context);
        });

        // The request as received: method, content type, body and headers.
        _app.Map("/echo", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            return Results.Json(new { method = context.Request.Method, contentType = context.Request.ContentType, body, headers });
        });
        _app.MapGet("/json", () => Results.Text("""{"name":"Ada","tags":["a","b"],"n":3}""", "application/json"));
        _app.MapGet("/problem", () => Results.Text("""{"title":"Nope","status":422}""", "application/problem+json", statusCode: 422));
        _app.MapGet("/text", () => Results.Text("héllo wörld", "text/plain; charset=utf-8"));
        _app.MapGet("/bytes", () => Results.Bytes([0, 1, 2, 255], "application/octet-stream"));
        _app.MapGet("/empty", () => Results.NoContent());
        _app.Map("/status/{code:int}", (int code) => Results.StatusCode(code));

        // Answers the status codes of ?codes=503,503,200 in turn (the last one repeats), counted per key.
        _app.MapGet("/sequence/{key}", (string key, string codes) =>
        {
            var list = codes.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
            var call = _calls.AddOrUpdate(key, 1, (_, n) => n + 1);
            var code = list[Math.Min(call, list.Length) - 1];
            return code == 200 ? Results.Text($"ok after {call}", "text/plain") : Results.StatusCode(code);
        });

        // First call: the status (default 503) with Retry-After (?delta=seconds or ?date=HTTP date); then 200.
        _app.MapGet("/retry-after/{key}", (HttpContext context, string key, int? status, string? delta, string? date) =>
        {
            var call = _calls.AddOrUpdate(key, 1, (_, n) => n + 1);
            if (call > 1) return Results.Text("ok", "text/plain");
            context.Response.Headers.RetryAfter = delta ?? date;
            return Results.StatusCode(status ?? 503);
        });

        // Never answers: waits until the client gives up.
        _app.MapGet("/hang", async (HttpContext context) =>
        {
            var aborted = new TaskCompletionSource();
            await using var registration = context.RequestAborted.Register(() => aborted.TrySetResult());
            await aborted.Task;
            return Results.Ok();
        });

        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
