using System.Collections.Concurrent;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace IntellyHub.Studio.Tests.Testing;

/// <summary>
/// Watches a page: every response from the server (method, path, status) and every console line. A test ends with
/// <see cref="AssertCleanAsync"/>, which fails on any 4xx/5xx it did not declare as expected, on an unhandled .NET
/// exception in Studio ("crit:" in the console) and on Blazor's error bar being shown.
/// </summary>
public sealed class PageRecorder
{
    private readonly ConcurrentQueue<string> _responses = new();
    private readonly ConcurrentQueue<string> _unexpected = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly List<Func<string, string, int, bool>> _expected = [];
    private readonly ITestOutputHelper _output;
    private readonly string _origin;

    public PageRecorder(IPage page, Uri server, ITestOutputHelper output)
    {
        Page = page;
        _output = output;
        _origin = server.GetLeftPart(UriPartial.Authority);
        page.Response += (_, response) => OnResponse(response.Request.Method, response.Url, response.Status);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("crit:", StringComparison.Ordinal) || message.Text.Contains("Unhandled exception", StringComparison.Ordinal))
                _errors.Enqueue("console: " + message.Text[..Math.Min(message.Text.Length, 1500)]);
        };
        page.PageError += (_, error) => _errors.Enqueue("page error: " + error);
    }

    public IPage Page { get; }

    /// <summary>Every response of the server seen so far: "GET /elsa/api/… → 200".</summary>
    public IReadOnlyCollection<string> Responses => _responses;

    /// <summary>Declares responses this test provokes on purpose (method, path and query, status).</summary>
    public void Expect(Func<string, string, int, bool> expected) => _expected.Add(expected);

    public async Task AssertCleanAsync()
    {
        var errorBar = await Page.Locator("#blazor-error-ui").IsVisibleAsync();
        _output.WriteLine($"{_responses.Count} responses recorded, {_unexpected.Count} unexpected, {_errors.Count} Studio errors");
        foreach (var line in _unexpected) _output.WriteLine("unexpected: " + line);
        foreach (var line in _errors) _output.WriteLine(line);
        Assert.False(errorBar, "Blazor's error bar (an unhandled error in Studio) is shown.");
        Assert.Empty(_errors);
        Assert.Empty(_unexpected);
    }

    private void OnResponse(string method, string url, int status)
    {
        if (!url.StartsWith(_origin, StringComparison.Ordinal)) return;
        var path = url[_origin.Length..];
        _responses.Enqueue($"{method} {path} → {status}");
        if (status >= 400 && !_expected.Any(e => e(method, path, status))) _unexpected.Enqueue($"{method} {path} → {status}");
    }
}
