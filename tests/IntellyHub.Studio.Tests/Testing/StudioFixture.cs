using Microsoft.Playwright;

namespace IntellyHub.Studio.Tests.Testing;

/// <summary>
/// One server and one Chromium for every browser test (they run one after the other in <see cref="StudioCollection"/>);
/// each test gets a fresh browser context (own cookies, storage and cache). Debian's chromium at
/// <c>/usr/bin/chromium</c> (CHROMIUM_PATH overrides) is launched directly: Playwright downloads nothing.
/// </summary>
public sealed class StudioFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private IPlaywright? _playwright;

    public StudioServer Server { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;

    /// <summary>Where screenshots go: under the test output folder (build output, never committed).</summary>
    public static string ArtifactsFolder { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts");

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(chromium))
            throw new InvalidOperationException($"Chromium is not installed at {chromium}: run `bash .ci/services.sh install` (Debian package chromium) or set CHROMIUM_PATH.");

        Directory.CreateDirectory(ArtifactsFolder);
        Server = new StudioServer();
        Admin = await Server.CreateAdminClientAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = ChromiumArgs });
    }

    /// <summary>A new, empty browser context on the server (1600×1000).</summary>
    public Task<IBrowserContext> NewContextAsync() => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = Server.BaseAddress.ToString(),
        ViewportSize = new ViewportSize { Width = 1600, Height = 1000 },
        Locale = "en-US",
        TimezoneId = "UTC",
    });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        Admin?.Dispose();
        Server?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class StudioCollection : ICollectionFixture<StudioFixture>
{
    public const string Name = "Studio";
}
