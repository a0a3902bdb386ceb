using System.Net;
using System.Reflection;
using System.Text.Json;
using IntellyHub.Server.Tests.Testing;

namespace IntellyHub.Server.Tests.WebApp;

/// <summary>
/// The web app's files as the server sends them: the shell's pages fall back to index.html only under /app/, content
/// types, precompressed twins, cache headers, conditional requests, and nothing outside the app's folder.
/// </summary>
public sealed class WebAppTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ServerFactory _server;
    private readonly HttpClient _client;

    public WebAppTests()
    {
        _server = ServerFactory.Sqlite(_folder.Path);
        _client = _server.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        _folder.Dispose();
    }

    /// <summary>The web app the server's build produced (the folder the server records in its assembly).</summary>
    private static string WebAppFolder { get; } = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "IntellyHub.WebApp.BuildOutput").Value!;

    [Theory]
    [InlineData("/")]
    [InlineData("/app")]
    public async Task Root_and_app_without_slash_redirect_to_the_app(string path)
    {
        using var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/app/", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/app/")]
    [InlineData("/app/login")]
    [InlineData("/app/workflows")]
    [InlineData("/app/workflows/a1b2c3.v2")]
    [InlineData("/app/instances/0123456789abcdef")]
    public async Task The_shells_pages_answer_its_index_page_uncached(string path)
    {
        using var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("<base href=\"/app/\"", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/app/unknown-page")]
    [InlineData("/app/_framework/missing.wasm")]
    [InlineData("/app/assets/missing.js")]
    [InlineData("/app/..%2F..%2Fappsettings.json")]
    [InlineData("/app/_framework/..%2F..%2F..%2FIntellyHub.Server.dll")]
    [InlineData("/workflows/an-http-triggered-flow")]
    [InlineData("/api/unknown")]
    [InlineData("/openapi/unknown")]
    public async Task Other_paths_are_404_problem_details_never_the_shell(string path)
    {
        using var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_api_and_health_keep_their_own_answers()
    {
        using var health = await _client.GetAsync("/health");
        Assert.Equal("application/json", health.Content.Headers.ContentType?.MediaType);

        using var api = await _client.GetAsync("/elsa/api/workflow-definitions");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip, deflate", "gzip")]
    [InlineData("gzip;q=1.0, br;q=0", "gzip")]
    [InlineData("", null)]
    public async Task A_wasm_file_goes_out_precompressed_when_accepted_and_cached_for_good(string acceptEncoding, string? expectedEncoding)
    {
        var wasm = Directory.EnumerateFiles(Path.Combine(WebAppFolder, "_framework"), "dotnet.native.*.wasm").Single();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/app/_framework/" + Path.GetFileName(wasm));
        if (acceptEncoding.Length > 0) request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/wasm", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(expectedEncoding is null ? [] : [expectedEncoding], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        var body = await response.Content.ReadAsByteArrayAsync();
        var expectedFile = expectedEncoding switch { "br" => wasm + ".br", "gzip" => wasm + ".gz", _ => wasm };
        Assert.Equal(new FileInfo(expectedFile).Length, body.Length);
    }

    [Theory]
    [InlineData("_framework/dotnet.js", "text/javascript", "no-cache")]
    [InlineData("_framework/blazor.webassembly.js", "text/javascript", "no-cache")]
    [InlineData("appsettings.json", "application/json", "no-cache")]
    [InlineData("Elsa.Studio.Host.CustomElements.styles.css", "text/css", "no-cache")]
    [InlineData("_content/MudBlazor/MudBlazor.min.js", "text/javascript", "no-cache")]
    [InlineData("_content/Radzen.Blazor/fonts/MaterialSymbolsOutlined.woff2", "font/woff2", "no-cache")]
    public async Task Studio_files_have_their_content_types_and_revalidate_when_not_fingerprinted(string path, string contentType, string cacheControl)
    {
        using var response = await _client.GetAsync("/app/" + path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(cacheControl, response.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task The_icu_data_is_octet_stream_and_the_shells_bundles_are_immutable()
    {
        var icu = Path.GetFileName(Directory.EnumerateFiles(Path.Combine(WebAppFolder, "_framework"), "icudt*.dat").First());
        using var data = await _client.GetAsync("/app/_framework/" + icu);
        Assert.Equal("application/octet-stream", data.Content.Headers.ContentType?.MediaType);

        var bundle = Path.GetFileName(Directory.EnumerateFiles(Path.Combine(WebAppFolder, "assets"), "index-*.js").First());
        using var script = await _client.GetAsync("/app/assets/" + bundle);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", script.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Studio_logs_warnings_only_and_has_no_backend_url()
    {
        using var response = await _client.GetAsync("/app/appsettings.json");
        using var settings = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var levels = settings.RootElement.GetProperty("Logging").GetProperty("LogLevel");
        Assert.Equal("Warning", levels.GetProperty("Default").GetString());
        Assert.Equal("Warning", levels.GetProperty("System.Net.Http.HttpClient").GetString());
        Assert.False(settings.RootElement.TryGetProperty("Backend", out _));
    }

    [Fact]
    public async Task A_known_version_is_answered_304()
    {
        using var first = await _client.GetAsync("/app/_framework/dotnet.js");
        var tag = first.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, "/app/_framework/dotnet.js");
        again.Headers.IfNoneMatch.Add(tag);
        using var response = await _client.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task Head_answers_the_headers_without_a_body()
    {
        using var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/app/workflows"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Every_file_the_shell_links_is_served()
    {
        var page = await _client.GetStringAsync("/app/");
        var links = System.Text.RegularExpressions.Regex.Matches(page, "(?:src|href)=\"(/app/[^\"]+)\"").Select(m => m.Groups[1].Value).ToArray();

        Assert.NotEmpty(links);
        foreach (var link in links)
        {
            using var response = await _client.GetAsync(link);
            Assert.True(response.IsSuccessStatusCode, $"{link} → {(int)response.StatusCode}");
        }
    }
}
