namespace IntellyHub.Activities.Http.Requests;

/// <summary>What an HTTP request gave: a response (status, headers, parsed body) or why there was none.</summary>
/// <param name="StatusCode">The response's status code (0 without a response).</param>
/// <param name="Headers">The response's and its content's headers.</param>
/// <param name="Content">The parsed body: a JSON node, a string, bytes, or null when empty.</param>
/// <param name="Failure">Why there is no response, or <see cref="HttpRequestFailure.None"/>.</param>
/// <param name="Error">The error of a failed request.</param>
/// <param name="Attempts">How many times the request was sent.</param>
public sealed record HttpRequestResult(int StatusCode, HttpHeaders? Headers, object? Content, HttpRequestFailure Failure, string? Error, int Attempts);
