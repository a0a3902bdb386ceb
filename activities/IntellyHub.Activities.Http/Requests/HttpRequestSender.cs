using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace IntellyHub.Activities.Http.Requests;

/// <summary>
/// Sends the HTTP requests of activities through one pooled <see cref="HttpClient"/> from
/// <see cref="IHttpClientFactory"/> (named <see cref="ClientName"/>, its handlers shared and recycled, so
/// sockets are never exhausted) inside a Polly pipeline built from the activity's
/// <see cref="HttpResilienceSettings"/> and cached per settings. Timeouts and retry delays run on the
/// host's <see cref="TimeProvider"/>. Logs method, URL without query string, status and attempts:
/// never a header, a query string or a body.
/// </summary>
public sealed partial class HttpRequestSender(IHttpClientFactory clients, TimeProvider clock, ILogger<HttpRequestSender> logger)
{
    /// <summary>The name of the <see cref="HttpClient"/> the requests go through (configure it with <c>AddHttpClient(ClientName)</c>).</summary>
    public const string ClientName = "IntellyHub.SendHttpRequest";

    // Settings come from expressions, so their number is not bounded by the definitions: the cache is emptied when large.
    private const int MaxCachedPipelines = 256;
    private static readonly ResiliencePropertyKey<OutgoingHttpRequest> RequestKey = new("IntellyHub.HttpRequest");
    private readonly ConcurrentDictionary<HttpResilienceSettings, ResiliencePipeline<HttpResponseMessage>> _pipelines = new();

    /// <summary>How many distinct pipelines are cached (for tests and diagnostics).</summary>
    public int CachedPipelineCount => _pipelines.Count;

    /// <summary>
    /// Sends <paramref name="request"/> with retries and timeouts; returns the response read and parsed, or the
    /// failure after the last attempt. Cancelling <paramref name="cancellationToken"/> throws, as for any cancelled work.
    /// </summary>
    public async Task<HttpRequestResult> SendAsync(OutgoingHttpRequest request, HttpResilienceSettings settings, CancellationToken cancellationToken)
    {
        settings.Validate();
        var pipeline = GetPipeline(settings);
        var client = clients.CreateClient(ClientName);
        var started = clock.GetTimestamp();
        var attempts = 0;
        var messages = new List<HttpRequestMessage>(1);
        var resilience = ResilienceContextPool.Shared.Get(cancellationToken);
        resilience.Properties.Set(RequestKey, request);
        try
        {
            using var response = await pipeline.ExecuteAsync(async (context, _) =>
            {
                attempts++;
                var message = request.CreateMessage();
                messages.Add(message);
                return await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, context.CancellationToken);
            }, resilience, 0);

            var content = await HttpBodyCodec.ReadResponseAsync(response.Content, cancellationToken);
            var status = (int)response.StatusCode;
            LogAnswered(request.Method.Method, request.LogTarget, status, attempts, (long)clock.GetElapsedTime(started).TotalMilliseconds);
            return new HttpRequestResult(status, new HttpHeaders(response), content, HttpRequestFailure.None, null, attempts);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (exception is TimeoutRejectedException or OperationCanceledException)
        {
            var limit = exception is TimeoutRejectedException rejected ? rejected.Timeout : settings.AttemptTimeout;
            var error = $"The request timed out after {limit:c}.";
            LogFailed(request.Method.Method, request.LogTarget, HttpRequestFailure.Timeout, attempts, error);
            return new HttpRequestResult(0, null, null, HttpRequestFailure.Timeout, error, attempts);
        }
        catch (HttpRequestException exception)
        {
            var error = Describe(exception);
            LogFailed(request.Method.Method, request.LogTarget, HttpRequestFailure.FailedToConnect, attempts, error);
            return new HttpRequestResult(0, null, null, HttpRequestFailure.FailedToConnect, error, attempts);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(resilience);
            foreach (var message in messages) message.Dispose();
        }
    }

    private ResiliencePipeline<HttpResponseMessage> GetPipeline(HttpResilienceSettings settings)
    {
        if (_pipelines.TryGetValue(settings, out var pipeline)) return pipeline;
        if (_pipelines.Count >= MaxCachedPipelines) _pipelines.Clear();
        return _pipelines.GetOrAdd(settings, BuildPipeline);
    }

    // Outermost first: the total timeout bounds the retries, each of which is bounded by the attempt timeout.
    private ResiliencePipeline<HttpResponseMessage> BuildPipeline(HttpResilienceSettings settings)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock };
        if (settings.TotalTimeout is { } total) builder.AddTimeout(new TimeoutStrategyOptions { Timeout = total, Name = "TotalTimeout" });
        if (settings.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "Retry",
                MaxRetryAttempts = settings.MaxRetryAttempts,
                BackoffType = settings.Backoff switch
                {
                    HttpRetryBackoff.Constant => DelayBackoffType.Constant,
                    HttpRetryBackoff.Linear => DelayBackoffType.Linear,
                    _ => DelayBackoffType.Exponential,
                },
                Delay = settings.RetryDelay,
                UseJitter = settings.UseJitter,
                MaxDelay = settings.MaxRetryDelay,
                ShouldHandle = args => new ValueTask<bool>(IsTransient(args.Outcome, args.Context.CancellationToken, settings.MaxRetryDelay)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    var request = args.Context.Properties.GetValue(RequestKey, null!);
                    LogRetrying(request?.Method.Method ?? "", request?.LogTarget ?? "", args.AttemptNumber + 1, Reason(args.Outcome), args.RetryDelay);
                    return default;
                },
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = settings.AttemptTimeout, Name = "AttemptTimeout" });
        return builder.Build();
    }

    /// <summary>
    /// Transient: a connection error, an attempt that timed out, 5xx, 408 or 429; not a response whose
    /// <c>Retry-After</c> asks for a longer wait than <paramref name="maxDelay"/> (the flow handles that one).
    /// </summary>
    private bool IsTransient(Outcome<HttpResponseMessage> outcome, CancellationToken token, TimeSpan maxDelay)
    {
        if (outcome.Exception is { } exception)
            return exception is HttpRequestException or TimeoutRejectedException || (exception is OperationCanceledException && !token.IsCancellationRequested);
        if (outcome.Result is not { } response) return false;
        var status = (int)response.StatusCode;
        if (status < 500 && status != 408 && status != 429) return false;
        return RetryAfter(response) is not { } wait || wait <= maxDelay;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        if (header is null) return null;
        if (header.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header.Date is { } date)
        {
            var wait = date - clock.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private static string Reason(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException } => "timeout",
        { Exception: HttpRequestException e } => e.HttpRequestError.ToString(),
        { Exception: { } e } => e.GetType().Name,
        { Result: { } response } => ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "unknown",
    };

    // The message of a connection error names the host and port, never headers or the query string.
    private static string Describe(HttpRequestException exception) =>
        exception.InnerException is { Message.Length: > 0 } inner && !exception.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{exception.Message} {inner.Message}"
            : exception.Message;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "HTTP {Method} {Url} answered {StatusCode} after {Attempts} attempt(s) in {ElapsedMs} ms")]
    private partial void LogAnswered(string method, string url, int statusCode, int attempts, long elapsedMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "HTTP {Method} {Url} attempt {Attempt} failed ({Reason}); retrying in {Delay}")]
    private partial void LogRetrying(string method, string url, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "HTTP {Method} {Url} failed ({Failure}) after {Attempts} attempt(s): {Error}")]
    private partial void LogFailed(string method, string url, HttpRequestFailure failure, int attempts, string error);
}
