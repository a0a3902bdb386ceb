using IntellyHub.Activities.Http.Endpoints;
using IntellyHub.Extensions;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IntellyHub.Activities.Http.Tests.Endpoints;

/// <summary>The engine with the HTTP pack registered, a fake clock, and the exchange a host would set for a request.</summary>
public sealed class HttpActivityTestHost : IDisposable
{
    public HttpActivityTestHost()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<HttpExchangeAccessor>();
        services.AddIntellyHub(hub => hub.AddActivitiesFrom(typeof(HttpActivities).Assembly));
        Services = services.BuildServiceProvider();
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
    public ServiceProvider Services { get; }
    public WorkflowRunner Runner => Services.GetRequiredService<WorkflowRunner>();
    public HttpExchangeAccessor Exchanges => Services.GetRequiredService<HttpExchangeAccessor>();

    /// <summary>Runs with <paramref name="request"/> as the current exchange (as the server does); the response goes to <paramref name="response"/>.</summary>
    public async Task<RunWorkflowResult> RunAsync(Workflow workflow, HttpEndpointRequest? request, RecordingResponse? response = null, string? triggerActivityId = null)
    {
        Exchanges.Current = request is null ? null : new HttpExchange(request, response ?? new RecordingResponse());
        try
        {
            return await Runner.RunAsync(workflow, new RunWorkflowOptions { TriggerActivityId = triggerActivityId });
        }
        finally
        {
            Exchanges.Current = null;
        }
    }

    /// <summary>Resumes a bookmark with <paramref name="request"/> as the current exchange.</summary>
    public async Task<RunWorkflowResult> ResumeAsync(Workflow workflow, RunWorkflowResult earlier, string bookmarkId, HttpEndpointRequest request, RecordingResponse response)
    {
        Exchanges.Current = new HttpExchange(request, response);
        try
        {
            return await Runner.ResumeAsync(workflow, earlier.State, bookmarkId);
        }
        finally
        {
            Exchanges.Current = null;
        }
    }

    /// <summary>Reads an Elsa JSON definition, failing the test on any problem.</summary>
    public Workflow Load(string json)
    {
        var result = Services.GetRequiredService<WorkflowDefinitionSerializer>().Read(json);
        Assert.True(result.Problems.Count == 0, string.Join("; ", result.Problems));
        return result.Definition!.ToWorkflow();
    }

    public static HttpEndpointRequest Request(string method = "GET", string path = "orders/7", object? content = null) => new()
    {
        Method = method,
        Path = path,
        RouteData = new Dictionary<string, object> { ["id"] = "7" },
        QueryStringData = new Dictionary<string, object> { ["page"] = "2", ["tag"] = new[] { "a", "b" } },
        Headers = new Dictionary<string, object> { ["X-Trace"] = "abc" },
        ParsedContent = content,
    };

    public void Dispose() => Services.Dispose();
}

/// <summary>A response writer that keeps what was written.</summary>
public sealed class RecordingResponse : IHttpEndpointResponseWriter
{
    public List<HttpEndpointResponse> Written { get; } = [];
    public bool HasResponded => Written.Count > 0;

    public ValueTask WriteAsync(HttpEndpointResponse response, CancellationToken cancellationToken)
    {
        Written.Add(response);
        return default;
    }
}
