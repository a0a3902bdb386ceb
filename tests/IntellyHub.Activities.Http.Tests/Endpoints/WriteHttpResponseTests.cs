using System.Net;
using System.Text;
using System.Text.Json;
using IntellyHub.Activities.Http.Endpoints;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Activities.Http.Tests.Endpoints;

public sealed class WriteHttpResponseTests
{
    [Fact]
    public async Task Text_IsSentAsIs_WithStatusAndHeaders()
    {
        using var host = new HttpActivityTestHost();
        var headers = new HttpHeaders { ["X-Order"] = ["7"], ["Cache-Control"] = ["no-store"] };
        var reply = new WriteHttpResponse
        {
            Id = "reply1",
            StatusCode = new Input<HttpStatusCode>(HttpStatusCode.Created),
            Content = new Input<object?>("created"),
            ResponseHeaders = new Input<HttpHeaders?>(headers),
        };
        var response = new RecordingResponse();

        var result = await host.RunAsync(new Workflow(reply), HttpActivityTestHost.Request(), response);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        var written = Assert.Single(response.Written);
        Assert.Equal(201, written.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", written.ContentType);
        Assert.Equal("created", Encoding.UTF8.GetString(written.Body.Span));
        Assert.Equal(["7"], written.Headers["x-order"]);
    }

    [Fact]
    public async Task Object_IsSentAsJson_AndAGivenContentTypeWins()
    {
        using var host = new HttpActivityTestHost();
        var reply = new WriteHttpResponse
        {
            Id = "reply1",
            Content = Input<object?>.JavaScript("({ id: 7, tags: ['a'] })"),
            ContentType = new Input<string?>("application/vnd.order+json"),
        };
        var response = new RecordingResponse();

        await host.RunAsync(new Workflow(reply), HttpActivityTestHost.Request(), response);

        var written = Assert.Single(response.Written);
        Assert.Equal(200, written.StatusCode);
        Assert.Equal("application/vnd.order+json", written.ContentType);
        using var json = JsonDocument.Parse(written.Body);
        Assert.Equal(7, json.RootElement.GetProperty("id").GetInt32());
        Assert.Equal("a", json.RootElement.GetProperty("tags")[0].GetString());
    }

    [Fact]
    public async Task Bytes_AreSentAsOctetStream_AndNoContentHasNoBody()
    {
        using var host = new HttpActivityTestHost();
        var bytes = new RecordingResponse();
        var empty = new RecordingResponse();

        await host.RunAsync(new Workflow(new WriteHttpResponse { Id = "r", Content = new Input<object?>(new byte[] { 1, 2, 3 }) }), HttpActivityTestHost.Request(), bytes);
        await host.RunAsync(new Workflow(new WriteHttpResponse { Id = "r", StatusCode = new Input<HttpStatusCode>(HttpStatusCode.NoContent), Content = new Input<object?>("ignored") }),
            HttpActivityTestHost.Request(), empty);

        Assert.Equal("application/octet-stream", bytes.Written[0].ContentType);
        Assert.Equal(new byte[] { 1, 2, 3 }, bytes.Written[0].Body.ToArray());
        Assert.Equal(204, empty.Written[0].StatusCode);
        Assert.True(empty.Written[0].Body.IsEmpty);
    }

    [Fact]
    public async Task WithoutARequest_Faults()
    {
        using var host = new HttpActivityTestHost();

        var result = await host.RunAsync(new Workflow(new WriteHttpResponse { Id = "reply1", Content = new Input<object?>("x") }), request: null);

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Contains("No HTTP request is waiting", Assert.Single(result.Incidents).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecondResponse_Faults()
    {
        using var host = new HttpActivityTestHost();
        var workflow = new Workflow(new IntellyHub.Workflows.Activities.Composition.Sequence(
            new WriteHttpResponse { Id = "first", Content = new Input<object?>("one") },
            new WriteHttpResponse { Id = "second", Content = new Input<object?>("two") }));
        var response = new RecordingResponse();

        var result = await host.RunAsync(workflow, HttpActivityTestHost.Request(), response);

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal("second", Assert.Single(result.Incidents).ActivityId);
        Assert.Single(response.Written);
    }

    [Fact]
    public void Headers_ReadStringsAndArrays_AsElsaWritesThem()
    {
        var headers = JsonSerializer.Deserialize<HttpHeaders>("""{"X-One":"1","X-Many":["a","b"],"X-Number":5}""")!;

        Assert.Equal(["1"], headers["x-one"]);
        Assert.Equal(["a", "b"], headers["X-MANY"]);
        Assert.Equal(["5"], headers["X-Number"]);
        Assert.Equal("""{"X-One":["1"],"X-Many":["a","b"],"X-Number":["5"]}""", JsonSerializer.Serialize(headers));
    }
}
