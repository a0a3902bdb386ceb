using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using IntellyHub.Activities.Http.Webhooks;
using IntellyHub.Server.Tests.Testing;
using static IntellyHub.Server.Tests.HttpWorkflows.HttpFlows;
using static IntellyHub.Server.Tests.WorkflowApi.StudioModels;

namespace IntellyHub.Server.Tests.HttpWorkflows;

public sealed class SqliteWebhookTests(SqliteApiServer server) : WebhookTests(server), IClassFixture<SqliteApiServer>;

public sealed class PostgreSqlWebhookTests(PostgreSqlKestrelApiServer server) : WebhookTests(server), IClassFixture<PostgreSqlKestrelApiServer>;

/// <summary>
/// <c>/webhooks/{**path}</c> through the real server: a delivery signed with the webhook's secret starts its flow; a
/// tampered, unsigned, stale or replayed one is refused before anything runs.
/// </summary>
public abstract class WebhookTests(ApiServer server) : IDisposable
{
    public void Dispose()
    {
        Assert.Empty(server.ServerErrors);
        GC.SuppressFinalize(this);
    }

    private static JsonObject PaymentFlow(string definitionId, string? path = null, string? secret = null)
    {
        var hook = Activity("hook1", "IntellyHub.Webhook",
            ("path", path is null ? null : Wrapped("String", "Literal", path)),
            ("secret", secret is null ? null : Wrapped("String", "Literal", secret)));
        hook["customProperties"] = new JsonObject { ["canStartWorkflow"] = true };
        return Flow(definitionId, [], hook,
            Response("reply1", "JavaScript", "const b = getOutputFrom('hook1', 'ParsedContent'); 'paid ' + b.amount + ' via ' + getOutputFrom('hook1', 'Headers')['X-Sender']"));
    }

    private async Task<JsonObject> SecretOfAsync(string definitionId)
    {
        using var response = await server.Editor.GetAsync($"/api/webhooks/{definitionId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Single()!;
    }

    private static HttpRequestMessage Delivery(string path, string body, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/{path}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Sender", "billing");
        if (signature is not null) request.Headers.Add(WebhookSignature.HeaderName, signature);
        return request;
    }

    private static long Now() => TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();

    [Fact]
    public async Task SignedDelivery_StartsTheFlow_AndAReplayIsRefused()
    {
        var id = NewId("hook");
        await server.Editor.SaveAsync(PaymentFlow(id), publish: true);
        var info = await SecretOfAsync(id);
        var secret = info.Text("secret")!;
        const string body = """{"amount":5}""";
        var signature = WebhookSignature.CreateHeader(secret, Now(), Encoding.UTF8.GetBytes(body));

        using var accepted = await server.Anonymous.SendAsync(Delivery(id, body, signature));
        using var replayed = await server.Anonymous.SendAsync(Delivery(id, body, signature));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("paid 5 via billing", await accepted.Content.ReadAsStringAsync());
        await HttpEndpointTestsProblem(replayed, HttpStatusCode.Conflict);
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(id.ToLowerInvariant(), info.Text("path"));
        Assert.EndsWith($"/webhooks/{id.ToLowerInvariant()}", info.Text("url"), StringComparison.Ordinal);
        Assert.Equal(WebhookSignature.HeaderName, info.Text("signatureHeader"));
    }

    [Fact]
    public async Task TamperedUnsignedStaleOrWronglySignedDeliveries_Are401()
    {
        var id = NewId("hook");
        await server.Editor.SaveAsync(PaymentFlow(id), publish: true);
        var secret = (await SecretOfAsync(id)).Text("secret")!;
        const string body = """{"amount":5}""";
        var now = Now();

        using var tampered = await server.Anonymous.SendAsync(Delivery(id, """{"amount":500}""", WebhookSignature.CreateHeader(secret, now, Encoding.UTF8.GetBytes(body))));
        using var unsigned = await server.Anonymous.SendAsync(Delivery(id, body, null));
        using var malformed = await server.Anonymous.SendAsync(Delivery(id, body, "sha256=abc"));
        using var stale = await server.Anonymous.SendAsync(Delivery(id, body, WebhookSignature.CreateHeader(secret, now - 6 * 60, Encoding.UTF8.GetBytes(body))));
        using var future = await server.Anonymous.SendAsync(Delivery(id, body, WebhookSignature.CreateHeader(secret, now + 6 * 60, Encoding.UTF8.GetBytes(body))));
        using var wrongSecret = await server.Anonymous.SendAsync(Delivery(id, body, WebhookSignature.CreateHeader("whsec_guess", now, Encoding.UTF8.GetBytes(body))));
        using var valid = await server.Anonymous.SendAsync(Delivery(id, body, WebhookSignature.CreateHeader(secret, now - 60, Encoding.UTF8.GetBytes(body))));

        foreach (var refused in new[] { tampered, unsigned, malformed, stale, future, wrongSecret })
            await HttpEndpointTestsProblem(refused, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
    }

    [Fact]
    public async Task AnOwnSecretAndPath_AreUsed()
    {
        var id = NewId("hook");
        var path = $"stripe/{id}";
        await server.Editor.SaveAsync(PaymentFlow(id, path, "whsec_from_the_sender"), publish: true);
        const string body = """{"amount":7}""";

        using var accepted = await server.Anonymous.SendAsync(Delivery(path, body, WebhookSignature.CreateHeader("whsec_from_the_sender", Now(), Encoding.UTF8.GetBytes(body))));
        var info = await SecretOfAsync(id);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("whsec_from_the_sender", info.Text("secret"));
        Assert.True((bool)info["secretFromActivity"]!);
    }

    [Fact]
    public async Task UnknownWebhook_Is404_AndSecretsAreForEditorsOnly()
    {
        var id = NewId("hook");
        await server.Editor.SaveAsync(PaymentFlow(id), publish: true);

        using var unknown = await server.Anonymous.SendAsync(Delivery(NewId("none"), "{}", null));
        using var viewer = await server.Viewer.GetAsync($"/api/webhooks/{id}");
        using var anonymous = await server.Anonymous.GetAsync($"/api/webhooks/{id}");
        using var noWebhook = await server.Editor.GetAsync($"/api/webhooks/{NewId("none")}");

        await HttpEndpointTestsProblem(unknown, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noWebhook.StatusCode);
    }

    [Fact]
    public async Task SignedMalformedJson_Is400()
    {
        var id = NewId("hook");
        await server.Editor.SaveAsync(PaymentFlow(id), publish: true);
        var secret = (await SecretOfAsync(id)).Text("secret")!;
        const string body = """{"amount":""";

        using var response = await server.Anonymous.SendAsync(Delivery(id, body, WebhookSignature.CreateHeader(secret, Now(), Encoding.UTF8.GetBytes(body))));

        await HttpEndpointTestsProblem(response, HttpStatusCode.BadRequest);
    }

    private static async Task HttpEndpointTestsProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
