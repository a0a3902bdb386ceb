using System.Text.Json.Nodes;
using IntellyHub.Activities.Http.Requests;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Scripting;
using IntellyHub.Workflows.Flow;
using IntellyHub.Workflows.State;

namespace IntellyHub.Activities.Http.Tests.SendHttpRequest;

/// <summary>Elsa.FlowSendHttpRequest against a real Kestrel server: methods, bodies, headers, parsing and outcomes.</summary>
public sealed class FlowSendHttpRequestTests(TestHttpServer server) : IClassFixture<TestHttpServer>, IDisposable
{
    private readonly HttpTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task Each_method_sends_an_object_as_json(string method)
    {
        var request = Requests.Flow(server.Url("/echo"), method, 200);
        request.Content = Requests.Json("""{"name":"Ada","n":3}""");

        var record = await _host.RunRequestAsync(request);

        Assert.Equal(["200", "Done"], record.Outcomes);
        var echo = Assert.IsAssignableFrom<JsonNode>(record.Outputs["ParsedContent"]);
        Assert.Equal(method, (string?)echo["method"]);
        Assert.Equal("application/json; charset=utf-8", (string?)echo["contentType"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"name":"Ada","n":3}"""), JsonNode.Parse((string)echo["body"]!)));
    }

    [Theory]
    [InlineData("POST", "plain text", null, "text/plain; charset=utf-8")]
    [InlineData("PUT", "<a>1</a>", "application/xml", "application/xml")]
    [InlineData("POST", """{"already":"json"}""", "application/json", "application/json")]
    public async Task A_string_is_sent_as_it_is_with_its_content_type(string method, string content, string? contentType, string expectedContentType)
    {
        var request = Requests.Flow(server.Url("/echo"), method);
        request.Content = new Input<object?>(content);
        request.ContentType = new Input<string?>(contentType);

        var echo = (JsonNode)(await _host.RunRequestAsync(request)).Outputs["ParsedContent"]!;

        Assert.Equal(content, (string?)echo["body"]);
        Assert.Equal(expectedContentType, (string?)echo["contentType"]);
    }

    [Fact]
    public async Task An_object_is_sent_as_form_fields_for_form_content()
    {
        var request = Requests.Flow(server.Url("/echo"), "POST");
        request.Content = Requests.Json("""{"name":"Ada Lovelace","tag":["a","b&c"]}""");
        request.ContentType = new Input<string?>("application/x-www-form-urlencoded");

        var echo = (JsonNode)(await _host.RunRequestAsync(request)).Outputs["ParsedContent"]!;

        Assert.Equal("name=Ada%20Lovelace&tag=a&tag=b%26c", (string?)echo["body"]);
        Assert.Equal("application/x-www-form-urlencoded", (string?)echo["contentType"]);
    }

    [Theory]
    [InlineData("HEAD")]
    [InlineData("OPTIONS")]
    public async Task Methods_without_a_body_work(string method)
    {
        var record = await _host.RunRequestAsync(Requests.Flow(server.Url("/echo"), method, 200));

        Assert.Equal(["200", "Done"], record.Outcomes);
        Assert.Equal(200, record.Outputs["StatusCode"]);
        if (method == "HEAD") Assert.Null(record.Outputs["ParsedContent"]);
    }

    [Fact]
    public async Task Request_headers_and_authorization_are_sent()
    {
        var request = Requests.Flow(server.Url("/echo"));
        request.RequestHeaders = new Input<HttpHeaders?>(Workflows.Expressions.Expression.Object("""{"X-One":"1","X-Many":["a","b"],"X-Number":7}"""));
        request.Authorization = new Input<string?>("Bearer abc.def");

        var headers = ((JsonNode)(await _host.RunRequestAsync(request)).Outputs["ParsedContent"]!)["headers"]!;

        Assert.Equal("1", (string?)headers["x-one"]);
        Assert.Equal("a, b", (string?)headers["x-many"]);
        Assert.Equal("7", (string?)headers["x-number"]);
        Assert.Equal("Bearer abc.def", (string?)headers["authorization"]);
    }

    [Fact]
    public async Task An_authorization_that_is_not_a_header_value_faults_without_showing_it_unless_validation_is_disabled()
    {
        var request = Requests.Flow(server.Url("/echo"));
        request.Authorization = new Input<string?>("secret-without-scheme\u00e9 x");
        var result = await _host.RunAsync(request);
        var incident = Assert.Single(result.Incidents);
        Assert.DoesNotContain("secret-without-scheme", incident.Message, StringComparison.Ordinal);

        request = Requests.Flow(server.Url("/echo"));
        request.Authorization = new Input<string?>("Token=abc;x");
        request.DisableAuthorizationHeaderValidation = new Input<bool>(true);
        var headers = ((JsonNode)(await _host.RunRequestAsync(request)).Outputs["ParsedContent"]!)["headers"]!;
        Assert.Equal("Token=abc;x", (string?)headers["authorization"]);
    }

    [Fact]
    public async Task Json_is_parsed_into_a_value_expressions_can_read()
    {
        var request = Requests.Flow(server.Url("/json"), "GET", 200);
        var script = new RunJavaScript("const c = getOutputFrom('http1', 'ParsedContent'); return c.name + ' ' + c.tags[1] + ' ' + (c.n + 1);") { Id = "js1" };
        var flow = new Flowchart([request, script], [new Connection("http1", "200", "js1")]) { Id = "flow1" };

        var result = await _host.RunAsync(flow);

        Assert.Empty(result.Incidents);
        var parsed = Assert.IsAssignableFrom<JsonNode>(result.Journal.Single(r => r.ActivityId == "http1").Outputs["ParsedContent"]);
        Assert.Equal("Ada", (string?)parsed["name"]);
        Assert.Equal("Ada b 4", result.Journal.Single(r => r.ActivityId == "js1").Outputs["Result"]);
        var headers = Assert.IsType<HttpHeaders>(result.Journal.Single(r => r.ActivityId == "http1").Outputs["ResponseHeaders"]);
        Assert.Equal("application/json", headers["content-type"].Single());
    }

    [Fact]
    public async Task Text_is_parsed_into_a_string_in_its_charset()
    {
        var record = await _host.RunRequestAsync(Requests.Flow(server.Url("/text")));
        Assert.Equal("héllo wörld", record.Outputs["ParsedContent"]);
    }

    [Fact]
    public async Task Other_content_is_kept_as_bytes()
    {
        var record = await _host.RunRequestAsync(Requests.Flow(server.Url("/bytes")));
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, record.Outputs["ParsedContent"]);
    }

    [Fact]
    public async Task Problem_json_is_json_and_an_empty_body_is_null()
    {
        var problem = await _host.RunRequestAsync(Requests.Flow(server.Url("/problem"), "GET", 200));
        Assert.Equal([FlowSendHttpRequest.UnmatchedStatusCode, "Done"], problem.Outcomes);
        Assert.Equal(422, problem.Outputs["StatusCode"]);
        Assert.Equal(422, (int?)((JsonNode)problem.Outputs["ParsedContent"]!)["status"]);

        var empty = await _host.RunRequestAsync(Requests.Flow(server.Url("/empty"), "GET", 204));
        Assert.Equal(["204", "Done"], empty.Outcomes);
        Assert.Null(empty.Outputs["ParsedContent"]);
    }

    [Theory]
    [InlineData(200, new[] { 200, 404 }, new[] { "200", "Done" })]
    [InlineData(404, new[] { 200, 404 }, new[] { "404", "Done" })]
    [InlineData(500, new[] { 200, 404 }, new[] { FlowSendHttpRequest.UnmatchedStatusCode, "Done" })]
    [InlineData(418, new int[0], new[] { "Done" })]
    public async Task The_status_code_chooses_the_outcome(int status, int[] expected, string[] outcomes)
    {
        var record = await _host.RunRequestAsync(Requests.Flow(server.Url($"/status/{status}"), "GET", expected));

        Assert.Equal(outcomes, record.Outcomes);
        Assert.Equal(status, record.Outputs["StatusCode"]);
        Assert.False(record.Outputs.ContainsKey("Error"));
    }

    [Fact]
    public async Task A_refused_connection_is_failed_to_connect_with_the_error()
    {
        var record = await _host.RunRequestAsync(Requests.Flow(Requests.RefusedUrl(), "GET", 200));

        Assert.Equal([FlowSendHttpRequest.FailedToConnect], record.Outcomes);
        Assert.Contains("refused", (string)record.Outputs["Error"]!, StringComparison.OrdinalIgnoreCase);
        Assert.False(record.Outputs.ContainsKey("StatusCode"));
    }

    [Fact]
    public async Task The_outcome_ports_lead_to_the_next_activities_in_a_flowchart()
    {
        var request = Requests.Flow(server.Url("/status/404"), "GET", 200, 404);
        var flow = new Flowchart(
            [request, new RunJavaScript("return 'found';") { Id = "ok" }, new RunJavaScript("return 'missing';") { Id = "missing" },
                new RunJavaScript("return 'other';") { Id = "other" }, new RunJavaScript("return 'after';") { Id = "after" }],
            [new Connection("http1", "200", "ok"), new Connection("http1", "404", "missing"),
                new Connection("http1", FlowSendHttpRequest.UnmatchedStatusCode, "other"), new Connection("http1", "Done", "after")]) { Id = "flow1" };

        var result = await _host.RunAsync(flow);

        Assert.Empty(result.Incidents);
        Assert.Equal(["after", "http1", "missing"], result.Journal.Where(r => r.ActivityId != "flow1" && r.ActivityType != "Elsa.Workflow")
            .Select(r => r.ActivityId).Where(id => id != "Workflow1").Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/json", "Ada")]
    [InlineData("/bytes", "AAEC/w==")]
    [InlineData("/text", "llo w")] // the accented letters are escaped in the JSON
    public async Task The_outputs_persist_with_the_workflow_state(string path, string expected)
    {
        var result = await _host.RunAsync(new Flowchart([Requests.Flow(server.Url(path))], []) { Id = "flow1" });

        var json = WorkflowStateSerializer.Serialize(result.State);
        var restored = WorkflowStateSerializer.Deserialize(json);

        Assert.Contains(expected, WorkflowStateSerializer.Serialize(restored), StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_url_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => new OutgoingHttpRequest(HttpMethod.Get, new Uri("/relative", UriKind.Relative)));
        Assert.Throws<InvalidOperationException>(() => new OutgoingHttpRequest(HttpMethod.Get, new Uri("ftp://example.com/file")));
    }
}
