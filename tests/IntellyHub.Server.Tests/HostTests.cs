using System.Net;
using System.Text.Json;
using IntellyHub.Server.Tests.Testing;

namespace IntellyHub.Server.Tests;

/// <summary>The host plumbing on a fresh SQLite file: health, OpenAPI, ProblemDetails for unknown routes.</summary>
public sealed class HostTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ServerFactory _server;

    public HostTests() => _server = ServerFactory.Sqlite(_folder.Path);

    public void Dispose()
    {
        _server.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Health_Always_200()
    {
        var response = await _server.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", (await ReadJsonAsync(response)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_FreshSqliteFile_MigratedAtStartAnd200()
    {
        var response = await _server.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var database = (await ReadJsonAsync(response)).GetProperty("checks").GetProperty("database");
        Assert.Equal("Healthy", database.GetProperty("status").GetString());
        Assert.StartsWith("SQLite", database.GetProperty("description").GetString());
        Assert.True(File.Exists(Path.Combine(_folder.Path, "intellyhub.db")));
    }

    [Fact]
    public async Task OpenApi_Document_IsJson()
    {
        var response = await _server.CreateClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await ReadJsonAsync(response);
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        Assert.Equal("IntellyHub", document.GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Scalar_Ui_IsServed()
    {
        var response = await _server.CreateClient().GetAsync("/scalar/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UnknownRoute_ProblemDetails404()
    {
        var response = await _server.CreateClient().GetAsync("/no/such/route");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, (await ReadJsonAsync(response)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task WrongMethod_ProblemDetails405()
    {
        var response = await _server.CreateClient().PostAsync("/openapi/v1.json", content: null);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Cors_OffByDefault_NoAllowOriginHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add("Origin", "https://elsewhere.example");

        var response = await _server.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Cors_ListedOrigin_Allowed()
    {
        using var server = _server.WithWebHostBuilder(b => b.UseSetting("IntellyHub:Cors:AllowedOrigins:0", "https://studio.example"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add("Origin", "https://studio.example");

        var response = await server.CreateClient().SendAsync(request);

        Assert.Equal("https://studio.example", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        var exposed = string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers"));
        Assert.Contains("x-elsa-workflow-instance-id", exposed);
        Assert.Contains("x-elsa-workflow-cannot-start", exposed);
    }

    [Fact]
    public async Task Cors_Preflight_AllowsAuthorizationHeader()
    {
        using var server = _server.WithWebHostBuilder(b => b.UseSetting("IntellyHub:Cors:AllowedOrigins:0", "https://studio.example"));
        using var request = new HttpRequestMessage(HttpMethod.Options, "/elsa/api/workflow-definitions");
        request.Headers.Add("Origin", "https://studio.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-tenant-id");

        var response = await server.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Contains("authorization", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
    }

    internal static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
