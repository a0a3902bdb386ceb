namespace IntellyHub.Activities.Http.Requests;

/// <summary>
/// How one HTTP request deals with slow and failing servers: per-attempt and total timeouts, and retries of
/// transient failures (connection errors, attempt timeouts, 5xx, 408, 429) with backoff, honouring <c>Retry-After</c>.
/// Equal settings share one resilience pipeline.
/// </summary>
/// <param name="AttemptTimeout">How long one attempt may take, reading the response body included.</param>
/// <param name="TotalTimeout">How long all attempts and the waits between them may take together; null: no such limit.</param>
/// <param name="MaxRetryAttempts">Retries after the first attempt; 0 sends once.</param>
/// <param name="Backoff">How the delay grows from retry to retry.</param>
/// <param name="RetryDelay">The base delay between retries.</param>
/// <param name="UseJitter">Randomizes delays so that many clients do not retry in step.</param>
/// <param name="MaxRetryDelay">The longest wait before a retry: longer backoffs are cut to it, and a longer <c>Retry-After</c> ends the retries.</param>
public sealed record HttpResilienceSettings(
    TimeSpan AttemptTimeout,
    TimeSpan? TotalTimeout = null,
    int MaxRetryAttempts = 0,
    HttpRetryBackoff Backoff = HttpRetryBackoff.Exponential,
    TimeSpan RetryDelay = default,
    bool UseJitter = false,
    TimeSpan MaxRetryDelay = default)
{
    /// <summary>HttpClient's own default timeout, used when an activity sets none.</summary>
    public static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(100);

    /// <summary>The longest wait before a retry when an activity sets none.</summary>
    public static readonly TimeSpan DefaultMaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>The most retries an activity may ask for.</summary>
    public const int MaxAllowedRetryAttempts = 100;

    private static readonly TimeSpan ShortestTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestTime = TimeSpan.FromDays(1);

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the input whose value is out of range.</summary>
    public void Validate()
    {
        CheckTimeout(AttemptTimeout, "RequestTimeout");
        if (TotalTimeout is { } total) CheckTimeout(total, "TotalTimeout");
        if (MaxRetryAttempts is < 0 or > MaxAllowedRetryAttempts)
            throw new InvalidOperationException($"MaxRetryAttempts must be between 0 and {MaxAllowedRetryAttempts}; it is {MaxRetryAttempts}.");
        if (RetryDelay < TimeSpan.Zero || RetryDelay > LongestTime)
            throw new InvalidOperationException($"RetryDelay must be between 0 and 1 day; it is {RetryDelay:c}.");
        if (MaxRetryDelay <= TimeSpan.Zero || MaxRetryDelay > LongestTime)
            throw new InvalidOperationException($"MaxRetryDelay must be more than 0 and at most 1 day; it is {MaxRetryDelay:c}.");
    }

    private static void CheckTimeout(TimeSpan value, string input)
    {
        if (value < ShortestTimeout || value > LongestTime)
            throw new InvalidOperationException($"{input} must be between 10 ms and 1 day; it is {value:c}.");
    }
}
