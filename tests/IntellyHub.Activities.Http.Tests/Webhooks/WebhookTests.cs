using System.Text;
using System.Text.Json;
using IntellyHub.Activities.Http.Tests.Endpoints;
using IntellyHub.Activities.Http.Webhooks;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;
using Microsoft.Extensions.DependencyInjection;

namespace IntellyHub.Activities.Http.Tests.Webhooks;

public sealed class WebhookTests
{
    [Fact]
    public async Task TriggerStimulus_PathDefaultsToTheDefinitionId_AndCarriesAnOwnSecret()
    {
        using var host = new HttpActivityTestHost();
        var indexer = host.Services.GetRequiredService<TriggerIndexer>();

        var derived = await indexer.GetTriggersAsync(new Workflow(new Webhook { Id = "hook1" }) { DefinitionId = "Billing-Flow" });
        var own = await indexer.GetTriggersAsync(new Workflow(new Webhook { Id = "hook1", Path = new Input<string?>("/Stripe/"), Secret = new Input<string?>("s3cret") }));

        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Assert.Equal(new WebhookStimulus("billing-flow"), Assert.Single(derived).Payload.Deserialize<WebhookStimulus>(options));
        Assert.Equal(new WebhookStimulus("stripe", "s3cret"), Assert.Single(own).Payload.Deserialize<WebhookStimulus>(options));
        Assert.Equal("IntellyHub.Webhook", Assert.Single(own).Name);
    }

    [Fact]
    public async Task Triggered_SetsBodyAndHeaders()
    {
        using var host = new HttpActivityTestHost();
        var body = JsonSerializer.Deserialize<JsonElement>("""{"event":"paid"}""");

        var result = await host.RunAsync(new Workflow(new Webhook { Id = "hook1" }), HttpActivityTestHost.Request("POST", "hook", body), triggerActivityId: "hook1");

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        var record = Assert.Single(result.Journal, r => r.ActivityId == "hook1");
        Assert.Equal("paid", ((JsonElement)record.Outputs["ParsedContent"]!).GetProperty("event").GetString());
        Assert.Equal("abc", ((IDictionary<string, object>)record.Outputs["Headers"]!)["X-Trace"]);
    }

    [Fact]
    public async Task MidFlow_Faults()
    {
        using var host = new HttpActivityTestHost();

        var result = await host.RunAsync(new Workflow(new Webhook { Id = "hook1" }), request: null);

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
    }

    [Fact]
    public void Signature_MatchesAKnownVector_AndRejectsTampering()
    {
        var body = Encoding.UTF8.GetBytes("""{"event":"paid"}""");

        // printf '%s' '1764144000.{"event":"paid"}' | openssl dgst -sha256 -hmac 'whsec_test' -hex
        var signature = WebhookSignature.Compute("whsec_test", 1764144000, body);

        Assert.Equal("5dbabcdd87dbad40b070149c41b43c687fc2dd6b27454d33f489c1be8a64e27a", signature);
        Assert.True(WebhookSignature.TryParse($"t=1764144000, v1={signature.ToUpperInvariant()}", out var t, out var signatures));
        Assert.Equal(1764144000, t);
        Assert.True(WebhookSignature.Matches("whsec_test", t, body, signatures));
        Assert.False(WebhookSignature.Matches("whsec_test", t + 1, body, signatures));
        Assert.False(WebhookSignature.Matches("whsec_other", t, body, signatures));
        Assert.False(WebhookSignature.Matches("whsec_test", t, Encoding.UTF8.GetBytes("""{"event":"refunded"}"""), signatures));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1=abc")]
    [InlineData("t=notanumber,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1764144000")]
    public void Signature_MalformedHeaders_DoNotParse(string? header) => Assert.False(WebhookSignature.TryParse(header, out _, out _));
}
