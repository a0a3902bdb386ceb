using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Activities.Http.Requests;

/// <summary>
/// What <see cref="SendHttpRequest"/> and <see cref="FlowSendHttpRequest"/> share: the request's inputs
/// (Elsa 3's names, so Elsa definitions import unchanged), resilience inputs, the outputs, and sending
/// through <see cref="HttpRequestSender"/>. The two differ only in where they go next.
/// </summary>
public abstract class SendHttpRequestBase : Activity
{
    /// <summary>The toolbox's input category of the timeout and retry inputs.</summary>
    public const string ResilienceCategory = "Resilience";

    private static readonly TimeSpan DefaultRetryDelay = TimeSpan.FromSeconds(1);

    [Input(Description = "The absolute http(s) URL to send the request to.", UIHint = InputUIHints.SingleLine, IsRequired = true, Order = 1)]
    public Input<Uri?>? Url { get; set; }

    [Input(Description = "The HTTP method to use when sending the request.", UIHint = InputUIHints.Dropdown,
        Options = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"], DefaultValue = "GET", Order = 2)]
    public Input<string>? Method { get; set; }

    [Input(Description = "The content to send: a string as text, bytes as they are, any other value as JSON (or as form fields for application/x-www-form-urlencoded).",
        UIHint = InputUIHints.MultiLine, Order = 3)]
    public Input<object?>? Content { get; set; }

    [Input(Description = "The content type of the request's content; empty: text/plain for text, application/json for objects.",
        UIHint = InputUIHints.Dropdown, Options = ["", "application/json", "text/plain", "text/html", "application/xml", "application/x-www-form-urlencoded", "application/octet-stream"], Order = 4)]
    public Input<string?>? ContentType { get; set; }

    [Input(Description = "The Authorization header value to send with the request. For example: Bearer {some-access-token}. Never logged nor journaled.",
        UIHint = InputUIHints.SingleLine, Category = "Security", CaptureInJournal = false, Order = 5)]
    public Input<string?>? Authorization { get; set; }

    [Input(Description = "Sends the Authorization value as it is, without checking it has the form 'scheme parameter'.",
        UIHint = InputUIHints.Checkbox, Category = "Security", Order = 6)]
    public Input<bool>? DisableAuthorizationHeaderValidation { get; set; }

    [Input(Description = "More headers to send, as a JSON object of names to a value or an array of values. Not journaled (they may carry keys).",
        UIHint = InputUIHints.JsonEditor, Category = "Advanced", CaptureInJournal = false, Order = 7)]
    public Input<HttpHeaders?>? RequestHeaders { get; set; }

    [Input(Description = "How long one attempt may take, reading the response included; then it counts as a timeout. Empty or 0: 100 seconds.",
        UIHint = InputUIHints.SingleLine, Category = ResilienceCategory, DefaultValue = "00:01:40", Order = 20)]
    public Input<TimeSpan>? RequestTimeout { get; set; }

    [Input(Description = "How long all attempts and the waits between them may take together. Empty or 0: no limit beyond each attempt's.",
        UIHint = InputUIHints.SingleLine, Category = ResilienceCategory, Order = 21)]
    public Input<TimeSpan>? TotalTimeout { get; set; }

    [Input(Description = "How many times to retry after a transient failure (connection error, timeout, 5xx, 408, 429). 0: no retry.",
        UIHint = InputUIHints.SingleLine, Category = ResilienceCategory, DefaultValue = 0, Order = 22)]
    public Input<int>? MaxRetryAttempts { get; set; }

    [Input(Description = "How the delay grows between retries: Constant, Linear or Exponential. A Retry-After header in the response wins.",
        UIHint = InputUIHints.Dropdown, Category = ResilienceCategory, DefaultValue = HttpRetryBackoff.Exponential, Order = 23)]
    public Input<HttpRetryBackoff>? RetryBackoff { get; set; }

    [Input(Description = "The base delay between retries.", UIHint = InputUIHints.SingleLine, Category = ResilienceCategory, DefaultValue = "00:00:01", Order = 24)]
    public Input<TimeSpan>? RetryDelay { get; set; }

    [Input(Description = "The longest wait before a retry: longer backoffs are cut to it, and a response whose Retry-After asks for longer is not retried.",
        UIHint = InputUIHints.SingleLine, Category = ResilienceCategory, DefaultValue = "00:00:30", Order = 25)]
    public Input<TimeSpan>? MaxRetryDelay { get; set; }

    [Input(Description = "Randomizes retry delays so that many workflows do not retry in step.", UIHint = InputUIHints.Checkbox, Category = ResilienceCategory, Order = 26)]
    public Input<bool>? UseJitter { get; set; }

    [Output(Description = "The HTTP response status code.")]
    public Output<int> StatusCode { get; set; } = new();

    [Output(Description = "The response headers that were received (content headers included).")]
    public Output<HttpHeaders?> ResponseHeaders { get; set; } = new();

    [Output(Description = "The parsed content, if any: JSON as a JSON value, text as a string, anything else as bytes.")]
    public Output<object?> ParsedContent { get; set; } = new();

    [Output(Description = "Why the request failed to connect or timed out, after every retry.")]
    public Output<string?> Error { get; set; } = new();

    /// <inheritdoc />
    protected override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var sender = context.GetService<HttpRequestSender>()
            ?? throw new InvalidOperationException("HTTP requests are not set up in this host: register them with AddHttpRequests().");
        var result = await sender.SendAsync(CreateRequest(context), ReadSettings(context), context.CancellationToken);
        if (result.Failure != HttpRequestFailure.None)
        {
            context.Set(Error, result.Error);
            await OnFailedAsync(context, result.Failure);
            return;
        }

        context.Set(StatusCode, result.StatusCode);
        context.Set(ResponseHeaders, result.Headers);
        context.Set(ParsedContent, result.Content);
        await OnRespondedAsync(context, result.StatusCode);
    }

    /// <summary>Continues after a response with <paramref name="statusCode"/>.</summary>
    protected abstract ValueTask OnRespondedAsync(ActivityExecutionContext context, int statusCode);

    /// <summary>Continues after a request that got no response.</summary>
    protected abstract ValueTask OnFailedAsync(ActivityExecutionContext context, HttpRequestFailure failure);

    private OutgoingHttpRequest CreateRequest(ActivityExecutionContext context)
    {
        var url = context.Get(Url) ?? throw new InvalidOperationException("Url has no value.");
        var method = context.Get(Method);
        return new OutgoingHttpRequest(new HttpMethod(string.IsNullOrWhiteSpace(method) ? "GET" : method.Trim().ToUpperInvariant()), url)
        {
            Body = HttpBodyCodec.CreateRequestBody(context.Get(Content), context.Get(ContentType)),
            Authorization = context.Get(Authorization),
            SkipAuthorizationValidation = context.Get(DisableAuthorizationHeaderValidation),
            Headers = context.Get(RequestHeaders),
        };
    }

    private HttpResilienceSettings ReadSettings(ActivityExecutionContext context)
    {
        var attemptTimeout = context.Get(RequestTimeout);
        var totalTimeout = context.Get(TotalTimeout);
        var maxRetryDelay = context.Get(MaxRetryDelay);
        return new HttpResilienceSettings(
            AttemptTimeout: attemptTimeout > TimeSpan.Zero ? attemptTimeout : HttpResilienceSettings.DefaultAttemptTimeout,
            TotalTimeout: totalTimeout > TimeSpan.Zero ? totalTimeout : null,
            MaxRetryAttempts: context.Get(MaxRetryAttempts),
            Backoff: RetryBackoff is null ? HttpRetryBackoff.Exponential : context.Get(RetryBackoff),
            RetryDelay: RetryDelay is null ? DefaultRetryDelay : context.Get(RetryDelay),
            UseJitter: context.Get(UseJitter),
            MaxRetryDelay: maxRetryDelay > TimeSpan.Zero ? maxRetryDelay : HttpResilienceSettings.DefaultMaxRetryDelay);
    }
}
