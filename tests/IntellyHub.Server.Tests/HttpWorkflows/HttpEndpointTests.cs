using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using IntellyHub.Runtime.Instances;
using IntellyHub.Server.Tests.Testing;
using IntellyHub.Workflows.Execution;
using Microsoft.Extensions.DependencyInjection;
using static IntellyHub.Server.Tests.HttpWorkflows.HttpFlows;
using static IntellyHub.Server.Tests.WorkflowApi.StudioModels;

namespace IntellyHub.Server.Tests.HttpWorkflows;

/// <summary>HTTP flows on SQLite, in memory.</summary>
public sealed class SqliteHttpEndpointTests(SqliteApiServer server) : HttpEndpointTests(server), IClassFixture<SqliteApiServer>;

/// <summary>HTTP flows on PostgreSQL, over a real socket (Kestrel on a free port).</summary>
public sealed class PostgreSqlHttpEndpointTests(PostgreSqlKestrelApiServer server) : HttpEndpointTests(server), IClassFixture<PostgreSqlKestrelApiServer>
{
    [Fact]
    public void Clients_GoOverASocket() => Assert.Equal("127.0.0.1", Server.Anonymous.BaseAddress!.Host);

    [Fact]
    public async Task ChunkedBodyOverTheLimit_Is413_WhileItIsRead()
    {
        var id = NewId("chunked");
        await Server.Editor.SaveAsync(Echo(id, id, sizeLimit: 1024), publish: true);
        using var content = new UnsizedContent(64 * 1024);

        using var response = await Server.Anonymous.PostAsync($"/workflows/{id}", content);

        Assert.Null(content.Headers.ContentLength);
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    /// <summary>A body of unknown length: sent chunked, so only reading it can find it too large.</summary>
    private sealed class UnsizedContent : HttpContent
    {
        private readonly int _size;

        public UnsizedContent(int size)
        {
            _size = size;
            Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var chunk = new byte[4096];
            for (var sent = 0; sent < _size; sent += chunk.Length) await stream.WriteAsync(chunk);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

/// <summary>
/// <c>/workflows/{**path}</c> through the real server: route templates, the body kinds, access modes, size limits,
/// answers for flows that wait, fault or write nothing, and a request resuming a flow that waits at an endpoint.
/// </summary>
public abstract class HttpEndpointTests(ApiServer server) : IDisposable
{
    // The one test that makes a flow fault uses ids with this prefix; any other 5xx fails the class.
    private const string FaultingPrefix = "faults-";

    protected ApiServer Server { get; } = server;

    public void Dispose()
    {
        Assert.All(Server.ServerErrors, error => Assert.Contains("/workflows/" + FaultingPrefix, error, StringComparison.Ordinal));
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task RouteParametersAndQuery_ReachTheFlow_AndItsResponseIsSent()
    {
        var id = NewId("orders");
        await Server.Editor.SaveAsync(Flow(id, [],
            Endpoint("endpoint1", $"{id}/{{orderId}}/lines/{{line}}"),
            Response("reply1", "JavaScript", "const r = getOutputFrom('endpoint1', 'RouteData'); const q = getOutputFrom('endpoint1', 'QueryStringData'); r.orderId + '/' + r.line + '?' + q.page", "Created")), publish: true);

        using var response = await Server.Anonymous.GetAsync($"/workflows/{id.ToUpperInvariant()}/A-42/lines/7?page=3");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("A-42/7?3", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("yes", response.Headers.GetValues("x-flow").Single());

        // The answer went out once the run was committed: the instance is there, finished.
        var instanceId = response.Headers.GetValues("x-elsa-workflow-instance-id").Single();
        var instance = await (await Server.Viewer.GetAsync($"{Api}/workflow-instances/{instanceId}")).ReadObjectAsync();
        Assert.Equal("Finished", instance.Text("subStatus"));
    }

    [Fact]
    public async Task JsonBody_IsAJsonObjectOrArray()
    {
        var id = NewId("json");
        await Server.Editor.SaveAsync(Echo(id, id), publish: true);

        using var obj = await Server.Anonymous.PostAsync($"/workflows/{id}", Json("""{"name":"Ada","items":[1,2]}"""));
        using var array = await Server.Anonymous.PostAsync($"/workflows/{id}", Json("""[{"n":1},{"n":2}]"""));

        Assert.Equal(HttpStatusCode.OK, obj.StatusCode);
        Assert.Equal("application/json", obj.Content.Headers.ContentType!.MediaType);
        Assert.Equal("""{"name":"Ada","items":[1,2]}""", await obj.Content.ReadAsStringAsync());
        Assert.Equal("""[{"n":1},{"n":2}]""", await array.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task FormBody_IsADictionary()
    {
        var id = NewId("form");
        await Server.Editor.SaveAsync(Echo(id, id), publish: true);

        using var response = await Server.Anonymous.PostAsync($"/workflows/{id}",
            new FormUrlEncodedContent([new("name", "Ada Lovelace"), new("tag", "a"), new("tag", "b")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Ada Lovelace", body.Text("name"));
        Assert.Equal(["a", "b"], body["tag"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task TextBody_IsAString_AndOtherBodiesAreBytes()
    {
        var id = NewId("text");
        await Server.Editor.SaveAsync(Echo(id, id), publish: true);
        var bytes = new byte[] { 0, 1, 2, 250, 255 };

        using var text = await Server.Anonymous.PostAsync($"/workflows/{id}", new StringContent("hello wörld", Encoding.UTF8, "text/plain"));
        var binaryContent = new ByteArrayContent(bytes);
        binaryContent.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var binary = await Server.Anonymous.PostAsync($"/workflows/{id}", binaryContent);

        Assert.Equal("hello wörld", await text.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", text.Content.Headers.ContentType!.MediaType);
        Assert.Equal(bytes, await binary.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/octet-stream", binary.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task BodyOverTheEndpointLimit_Is413_AndMalformedJsonIs400()
    {
        var id = NewId("limit");
        await Server.Editor.SaveAsync(Echo(id, id, sizeLimit: 16), publish: true);

        using var small = await Server.Anonymous.PostAsync($"/workflows/{id}", Json("""{"a":1}"""));
        using var large = await Server.Anonymous.PostAsync($"/workflows/{id}", Json("""{"text":"more than sixteen bytes"}"""));
        using var malformed = await Server.Anonymous.PostAsync($"/workflows/{id}", Json("""{"a":"""));

        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        await AssertProblemAsync(large, HttpStatusCode.RequestEntityTooLarge);
        var problem = await AssertProblemAsync(malformed, HttpStatusCode.BadRequest);
        Assert.Contains("not valid JSON", problem.Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoMatchingFlow_Is404_AndTheWrongMethodToo()
    {
        var id = NewId("method");
        await Server.Editor.SaveAsync(Echo(id, id, methods: ["PUT"]), publish: true);

        using var unknown = await Server.Anonymous.GetAsync($"/workflows/{NewId("nothing")}");
        using var wrongMethod = await Server.Anonymous.GetAsync($"/workflows/{id}");
        using var put = await Server.Anonymous.PutAsync($"/workflows/{id}", Json("{}"));

        await AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        await AssertProblemAsync(wrongMethod, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    [Fact]
    public async Task AccessModes_Anonymous_SignedIn_Role_ApiKey()
    {
        var open = NewId("open");
        var signedIn = NewId("signed");
        var editors = NewId("role");
        var apiKeys = NewId("apikey");
        await Server.Editor.SaveAsync(Flow(open, [], Endpoint("e", open)), publish: true);
        await Server.Editor.SaveAsync(Flow(signedIn, [], Endpoint("e", signedIn, authorize: true)), publish: true);
        await Server.Editor.SaveAsync(Flow(editors, [], Endpoint("e", editors, authorize: true, policy: "editor")), publish: true);
        await Server.Editor.SaveAsync(Flow(apiKeys, [], Endpoint("e", apiKeys, authorize: true, policy: "ApiKey")), publish: true);
        using var bearer = await Server.Factory.CreateAdminBearerClientAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await Server.Anonymous.GetAsync($"/workflows/{open}")).StatusCode);
        await AssertProblemAsync(await Server.Anonymous.GetAsync($"/workflows/{signedIn}"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.NoContent, (await Server.Viewer.GetAsync($"/workflows/{signedIn}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await bearer.GetAsync($"/workflows/{signedIn}")).StatusCode);
        await AssertProblemAsync(await Server.Anonymous.GetAsync($"/workflows/{editors}"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await Server.Viewer.GetAsync($"/workflows/{editors}"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await Server.Editor.GetAsync($"/workflows/{editors}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Server.Admin.GetAsync($"/workflows/{editors}")).StatusCode);
        await AssertProblemAsync(await bearer.GetAsync($"/workflows/{apiKeys}"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await Server.Viewer.GetAsync($"/workflows/{apiKeys}")).StatusCode);
    }

    [Fact]
    public async Task AFlowThatWaits_Is202_WithItsInstanceId()
    {
        var id = NewId("waits");
        await Server.Editor.SaveAsync(Flow(id, [], Endpoint("e", id), Activity("wait1", "Elsa.Event", ("eventName", Wrapped("String", "Literal", "never")))), publish: true);

        using var response = await Server.Anonymous.GetAsync($"/workflows/{id}");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var instanceId = JsonNode.Parse(await response.Content.ReadAsStringAsync()).Text("workflowInstanceId");
        Assert.NotNull(instanceId);
        Assert.Equal(instanceId, response.Headers.GetValues("x-elsa-workflow-instance-id").Single());
        var instance = await (await Server.Viewer.GetAsync($"{Api}/workflow-instances/{instanceId}")).ReadObjectAsync();
        Assert.Equal("Suspended", instance.Text("subStatus"));
    }

    [Fact]
    public async Task AFlowThatFaults_Is500_NamingTheIncident_WithoutDetails()
    {
        var id = NewId(FaultingPrefix.TrimEnd('-'));
        Server.Factory.ServerErrorsExpected = true;
        await Server.Editor.SaveAsync(Flow(id, [], Endpoint("e", id), Activity("fail1", "Elsa.Fault", ("message", Wrapped("String", "Literal", "secret internals")))), publish: true);

        using var response = await Server.Anonymous.GetAsync($"/workflows/{id}");

        var problem = await AssertProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.False(string.IsNullOrEmpty(problem.Text("incidentId")));
        Assert.False(string.IsNullOrEmpty(problem.Text("workflowInstanceId")));
        Assert.Contains("fail1", problem.Text("detail"), StringComparison.Ordinal);
        Assert.DoesNotContain("secret internals", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFlowThatWritesNothing_Is204()
    {
        var id = NewId("silent");
        await Server.Editor.SaveAsync(Flow(id, [], Endpoint("e", id, methods: ["DELETE"])), publish: true);

        using var response = await Server.Anonymous.DeleteAsync($"/workflows/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.True(response.Headers.Contains("x-elsa-workflow-instance-id"));
    }

    [Fact]
    public async Task AFlowWaitingAtAnEndpoint_IsResumedByARequestToItsPath()
    {
        var id = NewId("approve");
        await Server.Editor.SaveAsync(Flow(id, ["decision"],
            Endpoint("start1", id, methods: ["POST"]),
            Endpoint("answer1", "'approvals/' + getWorkflowInstanceId()", methods: ["POST"], pathSyntax: "JavaScript", bindBodyTo: "decision", trigger: false, authorize: true),
            Response("reply1", "JavaScript", "'decision: ' + getDecision().answer")), publish: true);

        using var started = await Server.Anonymous.PostAsync($"/workflows/{id}", Json("{}"));
        var instanceId = JsonNode.Parse(await started.Content.ReadAsStringAsync()).Text("workflowInstanceId");
        using var anonymous = await Server.Anonymous.PostAsync($"/workflows/approvals/{instanceId}", Json("""{"answer":"no"}"""));
        using var resumed = await Server.Viewer.PostAsync($"/workflows/approvals/{instanceId}", Json("""{"answer":"yes"}"""));
        using var again = await Server.Viewer.PostAsync($"/workflows/approvals/{instanceId}", Json("""{"answer":"again"}"""));

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        await AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal("decision: yes", await resumed.Content.ReadAsStringAsync());
        await AssertProblemAsync(again, HttpStatusCode.NotFound);
        var instance = await (await Server.Viewer.GetAsync($"{Api}/workflow-instances/{instanceId}")).ReadObjectAsync();
        Assert.Equal("Finished", instance.Text("subStatus"));
    }

    [Fact]
    public async Task RequestTimeout_Passed_Is202_AndTheFlowGoesOnInTheBackground()
    {
        // The first run spins until the timeout stops it (its mark is kept); continued from the queue, it finds the mark.
        var id = NewId("timeout");
        const string Step = "getVariable('mark') ? 'continued' : (setVariable('mark', 'stopped'), (() => { while (true) { } })())";
        await Server.Editor.SaveAsync(Flow(id, ["mark", "step"], Endpoint("e", id, requestTimeout: "00:00:00.100"), SetVariable("step1", "step", Step)), publish: true);

        using var response = await Server.Anonymous.GetAsync($"/workflows/{id}");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var instanceId = JsonNode.Parse(await response.Content.ReadAsStringAsync()).Text("workflowInstanceId")!;
        Assert.Equal(instanceId, response.Headers.GetValues("x-elsa-workflow-instance-id").Single());
        var runtime = Server.Factory.Services.GetRequiredService<WorkflowRuntime>();
        var finished = await WaitForAsync(async () => await runtime.DescribeAsync(instanceId) is { Status: WorkflowStatus.Finished } run ? run : null);
        Assert.Equal(WorkflowSubStatus.Finished, finished.SubStatus);
        var variables = await (await Server.Viewer.GetAsync($"{Api}/workflow-instances/{instanceId}/variables")).ReadObjectAsync();
        Assert.Contains("continued", variables.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWaitingEndpoint_KeepsItsSizeLimit_ForTheRequestThatResumesIt()
    {
        var id = NewId("limited");
        await Server.Editor.SaveAsync(Flow(id, ["answer"],
            Endpoint("start1", id, methods: ["POST"]),
            Endpoint("answer1", "'limited/' + getWorkflowInstanceId()", methods: ["POST"], pathSyntax: "JavaScript", bindBodyTo: "answer", trigger: false, sizeLimit: 16),
            Response("reply1", "JavaScript", "'got ' + getAnswer().a")), publish: true);
        using var started = await Server.Anonymous.PostAsync($"/workflows/{id}", Json("{}"));
        var instanceId = JsonNode.Parse(await started.Content.ReadAsStringAsync()).Text("workflowInstanceId");

        using var tooLarge = await Server.Anonymous.PostAsync($"/workflows/limited/{instanceId}", Json($$"""{"a":"{{new string('x', 64)}}"}"""));
        using var small = await Server.Anonymous.PostAsync($"/workflows/limited/{instanceId}", Json("""{"a":"ok"}"""));

        await AssertProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal("got ok", await small.Content.ReadAsStringAsync());
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe) where T : class
    {
        // Work the background dispatcher does: polled for, not timed (the bound only ends a hung test).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (; clock.Elapsed < TimeSpan.FromSeconds(30); await Task.Delay(20))
            if (await probe() is { } value) return value;
        throw new TimeoutException("The background run did not finish within 30 s.");
    }

    [Fact]
    public async Task RetractedAndRepublishedFlows_AreRoutedAtOnce()
    {
        var id = NewId("retract");
        await Server.Editor.SaveAsync(Flow(id, [], Endpoint("e", id)), publish: true);

        using var before = await Server.Anonymous.GetAsync($"/workflows/{id}");
        using var retract = await Server.Editor.PostAsync($"{Api}/workflow-definitions/{id}/retract", null);
        using var after = await Server.Anonymous.GetAsync($"/workflows/{id}");
        using var publish = await Server.Editor.PostAsync($"{Api}/workflow-definitions/{id}/publish", null);
        using var again = await Server.Anonymous.GetAsync($"/workflows/{id}");

        Assert.Equal(HttpStatusCode.NoContent, before.StatusCode);
        Assert.True(retract.IsSuccessStatusCode);
        await AssertProblemAsync(after, HttpStatusCode.NotFound);
        Assert.True(publish.IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
    }

    [Fact]
    public async Task Toolbox_ShowsTheHttpActivities()
    {
        var descriptors = await (await Server.Viewer.GetAsync($"{Api}/descriptors/activities")).ReadObjectAsync();
        var items = descriptors["items"]!.AsArray();

        var endpoint = items.Single(d => d.Text("typeName") == "Elsa.HttpEndpoint")!;
        var response = items.Single(d => d.Text("typeName") == "Elsa.WriteHttpResponse")!;
        var webhook = items.Single(d => d.Text("typeName") == "IntellyHub.Webhook")!;

        Assert.All([endpoint, response, webhook], d => Assert.Equal("HTTP", d.Text("category")));
        Assert.Equal("Trigger", endpoint.Text("kind"));
        Assert.Equal("Trigger", webhook.Text("kind"));
        Assert.Equal("checklist", Input(endpoint, "SupportedMethods").Text("uiHint"));
        Assert.Equal("Security", Input(endpoint, "Policy").Text("category"));
        Assert.Equal("dropdown", Input(response, "StatusCode").Text("uiHint"));
        Assert.Equal("json-editor", Input(response, "ResponseHeaders").Text("uiHint"));
        Assert.True((bool)Input(webhook, "Secret")["isSensitive"]!);
        Assert.Contains(endpoint["outputs"]!.AsArray(), o => o.Text("name") == "ParsedContent");
    }

    private static JsonNode Input(JsonNode descriptor, string name) => descriptor["inputs"]!.AsArray().Single(i => i.Text("name") == name)!;

    protected static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    protected static async Task<JsonNode> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal((int)status, (int)problem["status"]!);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        return problem;
    }
}
