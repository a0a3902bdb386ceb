using System.Text.Json;
using IntellyHub.Activities.Http.Requests;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Expressions;

namespace IntellyHub.Activities.Http.Tests.SendHttpRequest;

/// <summary>Secrets sent with a request (Authorization, headers, query string) reach the server but never a log line or the journal.</summary>
public sealed class HttpRequestLoggingTests(TestHttpServer server) : IClassFixture<TestHttpServer>, IDisposable
{
    private const string Token = "top-secret-token-42";
    private const string ApiKey = "api-key-secret-99";
    private const string QuerySecret = "query-secret-7";
    private readonly HttpTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private static FlowSendHttpRequest WithSecrets(Uri url)
    {
        var request = Requests.Flow(url, "POST", 200);
        request.Authorization = new Input<string?>($"Bearer {Token}");
        request.RequestHeaders = new Input<HttpHeaders?>(Expression.Object($$"""{"X-Api-Key":"{{ApiKey}}"}"""));
        request.Content = Requests.Json("""{"a":1}""");
        request.MaxRetryAttempts = new Input<int>(1);
        request.RetryDelay = new Input<TimeSpan>(TimeSpan.Zero);
        return request;
    }

    [Fact]
    public async Task Authorization_headers_and_query_strings_are_never_logged_nor_journaled()
    {
        var records = new[]
        {
            await _host.RunRequestAsync(WithSecrets(server.Url($"/echo?token={QuerySecret}"))),
            await _host.RunRequestAsync(WithSecrets(server.Url($"/sequence/secret-retry?codes=503,200&token={QuerySecret}"))),
            await _host.RunRequestAsync(WithSecrets(new Uri(Requests.RefusedUrl(), $"?token={QuerySecret}"))),
        };

        Assert.Contains($"Bearer {Token}", server.AuthorizationHeaders);
        Assert.Equal(ApiKey, (string?)((System.Text.Json.Nodes.JsonNode)records[0].Outputs["ParsedContent"]!)["headers"]!["x-api-key"]);
        Assert.Contains(_host.Logs.Lines, l => l.Contains("answered 200", StringComparison.Ordinal) && l.Contains("/echo", StringComparison.Ordinal));
        Assert.Contains(_host.Logs.Lines, l => l.Contains("FailedToConnect", StringComparison.Ordinal));
        foreach (var line in _host.Logs.Lines)
        {
            Assert.DoesNotContain(Token, line, StringComparison.Ordinal);
            Assert.DoesNotContain(ApiKey, line, StringComparison.Ordinal);
            Assert.DoesNotContain(QuerySecret, line, StringComparison.Ordinal);
        }

        foreach (var record in records)
        {
            var inputs = JsonSerializer.Serialize(record.Inputs);
            Assert.DoesNotContain(Token, inputs, StringComparison.Ordinal);
            Assert.DoesNotContain(ApiKey, inputs, StringComparison.Ordinal);
            Assert.Contains("\"Method\":\"POST\"", inputs, StringComparison.Ordinal);
        }
    }
}
