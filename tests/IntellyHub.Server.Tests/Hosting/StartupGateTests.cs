using System.Net;
using IntellyHub.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IntellyHub.Server.Tests.Hosting;

/// <summary>
/// Concurrent start: the web server starts while another service is still starting, and a request that arrives
/// meanwhile waits for it instead of running against a half-started application.
/// </summary>
public sealed class StartupGateTests
{
    [Fact]
    public async Task Request_WhileAServiceIsStarting_WaitsUntilEveryServiceHasStarted()
    {
        var slow = new SlowService();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddConcurrentStart();
        builder.Services.AddSingleton<IHostedService>(slow);
        await using var app = builder.Build();
        app.UseStartupGate();
        app.MapGet("/", () => slow.Started ? "started" : "not started");

        var start = app.StartAsync();
        await slow.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // The web server is up (the services start side by side) while the slow service is still starting; without the
        // gate the request would run now and answer "not started".
        var request = app.GetTestClient().GetAsync("/");
        Assert.False(start.IsCompleted);

        slow.Release.SetResult();
        await start.WaitAsync(TimeSpan.FromSeconds(30));
        var response = await request.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("started", await response.Content.ReadAsStringAsync());
        await app.StopAsync();
    }

    [Fact]
    public async Task Request_AfterStart_IsNotHeld()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddConcurrentStart();
        await using var app = builder.Build();
        app.UseStartupGate();
        app.MapGet("/", () => "ok");
        await app.StartAsync();

        var response = await app.GetTestClient().GetAsync("/");

        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        await app.StopAsync();
    }

    private sealed class SlowService : IHostedService
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool Started { get; private set; }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await Task.Yield();
            Entered.SetResult();
            await Release.Task;
            Started = true;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
