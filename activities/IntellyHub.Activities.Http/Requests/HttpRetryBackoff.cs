namespace IntellyHub.Activities.Http.Requests;

/// <summary>How the wait between retries of an HTTP request grows.</summary>
public enum HttpRetryBackoff
{
    /// <summary>The same delay before every retry.</summary>
    Constant,

    /// <summary>The delay times the retry number (1×, 2×, 3×…).</summary>
    Linear,

    /// <summary>The delay doubled for every retry (1×, 2×, 4×…).</summary>
    Exponential,
}
