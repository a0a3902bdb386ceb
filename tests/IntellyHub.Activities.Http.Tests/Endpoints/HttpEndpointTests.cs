using System.Text.Json;
using IntellyHub.Activities.Http.Endpoints;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using Microsoft.Extensions.DependencyInjection;

namespace IntellyHub.Activities.Http.Tests.Endpoints;

public sealed class HttpEndpointTests
{
    [Fact]
    public async Task TriggerStimuli_OnePerMethod_WithNormalizedPathAccessAndLimits()
    {
        using var host = new HttpActivityTestHost();
        var endpoint = new HttpEndpoint
        {
            Id = "endpoint1",
            Path = new Input<string>("/Orders/{orderId}/"),
            SupportedMethods = new Input<ICollection<string>>(["GET", "post", "GET"]),
            Authorize = new Input<bool>(true),
            Policy = new Input<string?>("Editor"),
            RequestSizeLimit = new Input<long?>(1024),
            RequestTimeout = new Input<TimeSpan?>(TimeSpan.FromSeconds(9)),
        };

        var triggers = await host.Services.GetRequiredService<TriggerIndexer>().GetTriggersAsync(new Workflow(endpoint));

        Assert.Equal(2, triggers.Count);
        Assert.All(triggers, t => Assert.Equal("Elsa.HttpEndpoint", t.Name));
        var stimuli = triggers.Select(t => t.Payload.Deserialize<HttpEndpointStimulus>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!).ToList();
        Assert.Equal(["get", "post"], stimuli.Select(s => s.Method));
        Assert.All(stimuli, s =>
        {
            Assert.Equal("orders/{orderId}", s.Path);
            Assert.Equal(HttpEndpointAccess.Editor, s.Access);
            Assert.Equal(1024, s.RequestSizeLimit);
            Assert.Equal(TimeSpan.FromSeconds(9), s.RequestTimeout);
        });
    }

    [Fact]
    public async Task Triggered_SetsOutputsFromTheRequest_AndCompletes()
    {
        using var host = new HttpActivityTestHost();
        var body = JsonSerializer.Deserialize<JsonElement>("""{"name":"Ada","items":[1,2]}""");
        var endpoint = new HttpEndpoint { Id = "endpoint1", Path = new Input<string>("orders/{id}"), SupportedMethods = new Input<ICollection<string>>(["POST"]) };

        var result = await host.RunAsync(new Workflow(endpoint), HttpActivityTestHost.Request("POST", content: body), triggerActivityId: "endpoint1");

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        var record = Assert.Single(result.Journal, r => r.ActivityId == "endpoint1");
        Assert.Equal(ActivityExecutionStatus.Completed, record.Status);
        Assert.Equal("Ada", ((JsonElement)record.Outputs["ParsedContent"]!).GetProperty("name").GetString());
        Assert.Equal("7", ((IDictionary<string, object>)record.Outputs["RouteData"]!)["id"]);
        Assert.Equal(new[] { "a", "b" }, ((IDictionary<string, object>)record.Outputs["QueryStringData"]!)["tag"]);
        Assert.Equal("abc", ((IDictionary<string, object>)record.Outputs["Headers"]!)["X-Trace"]);
    }

    [Fact]
    public async Task ParsedJson_IsUsableInExpressions()
    {
        using var host = new HttpActivityTestHost();
        var body = JsonSerializer.Deserialize<JsonElement>("""{"name":"Ada","items":[1,2]}""");
        var endpoint = new HttpEndpoint { Id = "endpoint1", Path = new Input<string>("greet"), SupportedMethods = new Input<ICollection<string>>(["POST"]) };
        var reply = new WriteHttpResponse
        {
            Id = "reply1",
            Content = Input<object?>.JavaScript("const c = getOutputFrom('endpoint1', 'ParsedContent'); 'Hello ' + c.name + ' (' + c.items.length + ')'"),
        };
        var response = new RecordingResponse();

        await host.RunAsync(new Workflow(new Sequence(endpoint, reply)), HttpActivityTestHost.Request("POST", "greet", body), response, "endpoint1");

        var written = Assert.Single(response.Written);
        Assert.Equal("Hello Ada (2)", System.Text.Encoding.UTF8.GetString(written.Body.Span));
    }

    [Fact]
    public async Task MidFlow_WaitsOnOneBookmarkPerMethod_AndARequestResumesIt()
    {
        using var host = new HttpActivityTestHost();
        var endpoint = new HttpEndpoint
        {
            Id = "approve1",
            Path = new Input<string>("Approvals/42"),
            SupportedMethods = new Input<ICollection<string>>(["GET", "POST"]),
            Authorize = new Input<bool>(true),
            RequestSizeLimit = new Input<long?>(1024),
            RequestTimeout = new Input<TimeSpan?>(TimeSpan.FromSeconds(5)),
        };
        var workflow = new Workflow(new Sequence(new WriteLine("waiting") { Id = "before" }, endpoint, new WriteHttpResponse { Id = "reply1", Content = new Input<object?>("approved") }));

        var first = await host.RunAsync(workflow, request: null);

        // A request finds a bookmark by its path, method and access; the payload also keeps the limits for it.
        Assert.Equal(WorkflowSubStatus.Suspended, first.SubStatus);
        Assert.Equal(2, first.Bookmarks.Count);
        var hashes = new[] { "get", "post" }.Select(m => StimulusHasher.Hash("Elsa.HttpEndpoint", new HttpEndpointStimulus("approvals/42", m, HttpEndpointAccess.SignedIn))).ToHashSet();
        Assert.All(first.Bookmarks, b => Assert.Contains(b.Hash, hashes));
        Assert.All(first.Bookmarks, b => Assert.Equal((1024L, TimeSpan.FromSeconds(5)),
            (b.GetPayload<HttpEndpointStimulus>()!.RequestSizeLimit, b.GetPayload<HttpEndpointStimulus>()!.RequestTimeout)));

        var response = new RecordingResponse();
        var post = first.Bookmarks.Single(b => b.GetPayload<HttpEndpointStimulus>()!.Method == "post");
        var second = await host.ResumeAsync(workflow, first, post.Id, HttpActivityTestHost.Request("POST", "approvals/42", "yes"), response);

        Assert.Equal(WorkflowSubStatus.Finished, second.SubStatus);
        Assert.Empty(second.Bookmarks);
        Assert.Equal("yes", second.Journal.Single(r => r.ActivityId == "approve1").Outputs["ParsedContent"]);
        Assert.Equal("approved", System.Text.Encoding.UTF8.GetString(Assert.Single(response.Written).Body.Span));
    }

    [Fact]
    public async Task Resumed_WithoutARequest_CompletesWithEmptyOutputs()
    {
        using var host = new HttpActivityTestHost();
        var workflow = new Workflow(new HttpEndpoint { Id = "endpoint1", Path = new Input<string>("later") });
        var first = await host.RunAsync(workflow, request: null);

        var second = await host.Runner.ResumeAsync(workflow, first.State, first.Bookmarks[0].Id);

        Assert.Equal(WorkflowSubStatus.Finished, second.SubStatus);
        Assert.False(second.Journal.Single(r => r.ActivityId == "endpoint1").Outputs.ContainsKey("ParsedContent"));
    }

    [Fact]
    public async Task NoPath_Faults()
    {
        using var host = new HttpActivityTestHost();

        var result = await host.RunAsync(new Workflow(new HttpEndpoint { Id = "endpoint1", Path = new Input<string>(" / ") }), request: null);

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Contains("no path", Assert.Single(result.Incidents).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "admin", null)]
    [InlineData(true, null, HttpEndpointAccess.SignedIn)]
    [InlineData(true, "", HttpEndpointAccess.SignedIn)]
    [InlineData(true, "Viewer", HttpEndpointAccess.SignedIn)]
    [InlineData(true, "read", HttpEndpointAccess.SignedIn)]
    [InlineData(true, "editor", HttpEndpointAccess.Editor)]
    [InlineData(true, "edit", HttpEndpointAccess.Editor)]
    [InlineData(true, "Admin", HttpEndpointAccess.Admin)]
    [InlineData(true, "ApiKey", HttpEndpointAccess.ApiKey)]
    [InlineData(true, "Partners", "policy:Partners")]
    public void Access_FromAuthorizeAndPolicy(bool authorize, string? policy, string? expected) =>
        Assert.Equal(expected, HttpEndpointAccess.From(authorize, policy));

    [Theory]
    [InlineData("/Orders/{OrderId}/Items/", "orders/{OrderId}/items")]
    [InlineData("  Hello  ", "hello")]
    [InlineData("", "")]
    public void NormalizePath_LowersLiteralsOnly(string path, string expected) => Assert.Equal(expected, HttpEndpointStimulus.NormalizePath(path));
}
