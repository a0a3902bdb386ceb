using System.Globalization;
using IntellyHub.Activities.Http.Requests;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Activities.Http.Tests.SendHttpRequest;

/// <summary>
/// Retries, backoff, Retry-After and timeouts on the fake clock: each test waits until the pipeline has
/// scheduled a delay or timeout, checks its length and advances the clock past it. Nothing sleeps.
/// </summary>
public sealed class HttpResilienceTests(TestHttpServer server) : IClassFixture<TestHttpServer>, IDisposable
{
    private static readonly TimeSpan DefaultAttemptTimeout = HttpResilienceSettings.DefaultAttemptTimeout;
    private readonly HttpTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private static FlowSendHttpRequest Retrying(Uri url, int retries, TimeSpan delay, HttpRetryBackoff backoff = HttpRetryBackoff.Exponential)
    {
        var request = Requests.Flow(url, "GET", 200);
        request.MaxRetryAttempts = new Input<int>(retries);
        request.RetryDelay = new Input<TimeSpan>(delay);
        request.RetryBackoff = new Input<HttpRetryBackoff>(backoff);
        return request;
    }

    private static ActivityExecutionRecord RecordOf(RunWorkflowResult result)
    {
        Assert.Empty(result.Incidents);
        return result.Journal.Single(r => r.ActivityId == "http1");
    }

    [Theory]
    [InlineData(HttpRetryBackoff.Exponential, new[] { 2, 4 })]
    [InlineData(HttpRetryBackoff.Linear, new[] { 2, 4 })]
    [InlineData(HttpRetryBackoff.Constant, new[] { 2, 2 })]
    public async Task Transient_failures_are_retried_with_backoff_until_success(HttpRetryBackoff backoff, int[] delaysInSeconds)
    {
        var key = $"seq-{backoff}";
        var run = _host.RunAsync(Retrying(server.Url($"/sequence/{key}?codes=503,503,200"), 3, TimeSpan.FromSeconds(2), backoff));

        foreach (var seconds in delaysInSeconds)
            Assert.Equal(TimeSpan.FromSeconds(seconds), await _host.Clock.AdvancePastNextAsync(DefaultAttemptTimeout));

        var record = RecordOf(await run);
        Assert.Equal(["200", "Done"], record.Outcomes);
        Assert.Equal("ok after 3", record.Outputs["ParsedContent"]);
        Assert.Equal(3, server.Calls(key));
    }

    [Fact]
    public async Task Without_retries_a_503_goes_to_its_outcome_at_once()
    {
        var record = RecordOf(await _host.RunAsync(Requests.Flow(server.Url("/sequence/no-retry?codes=503,200"), "GET", 200)));

        Assert.Equal([FlowSendHttpRequest.UnmatchedStatusCode, "Done"], record.Outcomes);
        Assert.Equal(503, record.Outputs["StatusCode"]);
        Assert.Equal(1, server.Calls("no-retry"));
    }

    [Fact]
    public async Task When_retries_run_out_the_last_response_counts()
    {
        var record = RecordOf(await _host.RunAsync(Retrying(server.Url("/sequence/exhausted?codes=500"), 2, TimeSpan.Zero)));

        Assert.Equal([FlowSendHttpRequest.UnmatchedStatusCode, "Done"], record.Outcomes);
        Assert.Equal(500, record.Outputs["StatusCode"]);
        Assert.Equal(3, server.Calls("exhausted"));
    }

    [Theory]
    [InlineData(404)]
    [InlineData(400)]
    [InlineData(409)]
    public async Task Other_failures_are_not_retried(int status)
    {
        var key = $"permanent-{status}";
        var record = RecordOf(await _host.RunAsync(Retrying(server.Url($"/sequence/{key}?codes={status},200"), 3, TimeSpan.Zero)));

        Assert.Equal(status, record.Outputs["StatusCode"]);
        Assert.Equal(1, server.Calls(key));
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(502)]
    public async Task Request_timeout_too_many_requests_and_5xx_are_retried(int status)
    {
        var key = $"transient-{status}";
        var record = RecordOf(await _host.RunAsync(Retrying(server.Url($"/sequence/{key}?codes={status},200"), 1, TimeSpan.Zero)));

        Assert.Equal(200, record.Outputs["StatusCode"]);
        Assert.Equal(2, server.Calls(key));
    }

    [Fact]
    public async Task Retry_after_in_seconds_is_honoured_instead_of_the_backoff()
    {
        var run = _host.RunAsync(Retrying(server.Url("/retry-after/delta?status=429&delta=7"), 2, TimeSpan.FromSeconds(1)));

        Assert.Equal(TimeSpan.FromSeconds(7), await _host.Clock.AdvancePastNextAsync(DefaultAttemptTimeout));

        Assert.Equal(200, RecordOf(await run).Outputs["StatusCode"]);
        Assert.Equal(2, server.Calls("delta"));
    }

    [Fact]
    public async Task Retry_after_as_a_date_is_measured_on_the_clock()
    {
        var date = _host.Clock.GetUtcNow().AddSeconds(12).ToString("R", CultureInfo.InvariantCulture);
        var run = _host.RunAsync(Retrying(server.Url($"/retry-after/date?date={Uri.EscapeDataString(date)}"), 2, TimeSpan.FromSeconds(1)));

        Assert.Equal(TimeSpan.FromSeconds(12), await _host.Clock.AdvancePastNextAsync(DefaultAttemptTimeout));

        Assert.Equal(200, RecordOf(await run).Outputs["StatusCode"]);
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_max_retry_delay_is_left_to_the_flow()
    {
        var request = Retrying(server.Url("/retry-after/too-long?delta=120"), 3, TimeSpan.FromSeconds(1));
        request.MaxRetryDelay = new Input<TimeSpan>(TimeSpan.FromSeconds(30));

        var record = RecordOf(await _host.RunAsync(request));

        Assert.Equal(503, record.Outputs["StatusCode"]);
        Assert.Equal(["120"], ((HttpHeaders)record.Outputs["ResponseHeaders"]!)["Retry-After"]);
        Assert.Equal(1, server.Calls("too-long"));
    }

    [Fact]
    public async Task An_attempt_that_takes_too_long_is_a_timeout()
    {
        var request = Requests.Flow(server.Url("/hang"), "GET", 200);
        request.RequestTimeout = new Input<TimeSpan>(TimeSpan.FromSeconds(5));
        var run = _host.RunAsync(request);

        Assert.Equal(TimeSpan.FromSeconds(5), await _host.Clock.NextTimerAsync(_ => true));
        _host.Clock.Fake.Advance(TimeSpan.FromSeconds(5));

        var record = RecordOf(await run);
        Assert.Equal([FlowSendHttpRequest.Timeout], record.Outcomes);
        Assert.Equal("The request timed out after 00:00:05.", record.Outputs["Error"]);
    }

    [Fact]
    public async Task Timed_out_attempts_are_retried_then_reported()
    {
        var request = Retrying(server.Url("/hang"), 1, TimeSpan.FromSeconds(1));
        request.RequestTimeout = new Input<TimeSpan>(TimeSpan.FromSeconds(5));
        var run = _host.RunAsync(request);

        foreach (var expected in new[] { 5, 1, 5 }) // attempt 1 times out, the retry waits 1 s, attempt 2 times out
        {
            Assert.Equal(TimeSpan.FromSeconds(expected), await _host.Clock.NextTimerAsync(_ => true));
            _host.Clock.Fake.Advance(TimeSpan.FromSeconds(expected));
        }

        Assert.Equal([FlowSendHttpRequest.Timeout], RecordOf(await run).Outcomes);
        Assert.Contains(_host.Logs.Lines, l => l.Contains("attempt 1 failed (timeout); retrying in 00:00:01", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_total_timeout_bounds_every_attempt_and_wait()
    {
        var request = Retrying(server.Url("/hang"), 5, TimeSpan.FromSeconds(1));
        request.TotalTimeout = new Input<TimeSpan>(TimeSpan.FromSeconds(3));
        var run = _host.RunAsync(request);

        Assert.Equal(TimeSpan.FromSeconds(3), await _host.Clock.NextTimerAsync(d => d == TimeSpan.FromSeconds(3)));
        _host.Clock.Fake.Advance(TimeSpan.FromSeconds(3));

        var record = RecordOf(await run);
        Assert.Equal([FlowSendHttpRequest.Timeout], record.Outcomes);
        Assert.Equal("The request timed out after 00:00:03.", record.Outputs["Error"]);
    }

    [Fact]
    public async Task Connection_errors_are_retried_then_reported_as_failed_to_connect()
    {
        var record = RecordOf(await _host.RunAsync(Retrying(Requests.RefusedUrl(), 2, TimeSpan.Zero)));

        Assert.Equal([FlowSendHttpRequest.FailedToConnect], record.Outcomes);
        Assert.Equal(2, _host.Logs.Lines.Count(l => l.Contains("retrying in", StringComparison.Ordinal)));
        Assert.Contains(_host.Logs.Lines, l => l.Contains("failed (FailedToConnect) after 3 attempt(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Interrupting_the_run_abandons_the_request_without_an_outcome()
    {
        using var interrupt = new CancellationTokenSource();
        var run = _host.Runner.RunAsync(new Workflow(Requests.Flow(server.Url("/hang"), "GET", 200)), null, interrupt.Token);

        await _host.Clock.NextTimerAsync(_ => true); // the attempt is under way
        await interrupt.CancelAsync();
        var result = await run;

        Assert.Empty(result.Incidents);
        Assert.NotEqual(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.DoesNotContain(result.Journal, r => r.ActivityId == "http1" && r.Outcomes.Count > 0);
        Assert.DoesNotContain(_host.Logs.Lines, l => l.Contains("HttpRequestSender", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pipelines_are_built_once_per_settings()
    {
        var same1 = Retrying(server.Url("/status/200"), 2, TimeSpan.FromSeconds(1));
        var same2 = Retrying(server.Url("/json"), 2, TimeSpan.FromSeconds(1));
        var other = Retrying(server.Url("/status/200"), 3, TimeSpan.FromSeconds(1));

        RecordOf(await _host.RunAsync(same1));
        RecordOf(await _host.RunAsync(same2));
        Assert.Equal(1, _host.Sender.CachedPipelineCount);
        RecordOf(await _host.RunAsync(other));
        Assert.Equal(2, _host.Sender.CachedPipelineCount);
    }

    [Fact]
    public async Task Out_of_range_settings_fault_with_the_input_named()
    {
        var request = Retrying(server.Url("/status/200"), -1, TimeSpan.Zero);

        var incident = Assert.Single((await _host.RunAsync(request)).Incidents);

        Assert.Contains("MaxRetryAttempts", incident.Message, StringComparison.Ordinal);
    }
}
