using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Activities.Http.Endpoints;

/// <summary>
/// An HTTP endpoint at <c>/workflows/{Path}</c>. As the start of a published flow it is a trigger: a matching request
/// starts the flow. Reached mid-flow it waits (one bookmark per method) until a request to its path resumes it. Either
/// way its outputs are the request the host parsed (see <see cref="HttpExchangeAccessor"/>); the host checks the caller's
/// access and the body size before the flow runs.
/// </summary>
[Activity(TypeName, Category = HttpActivities.Category, Kind = ActivityKind.Trigger, DisplayName = "HTTP Endpoint",
    Description = "Wait for an inbound HTTP request that matches the specified path and methods.")]
public sealed class HttpEndpoint : Activity, ITrigger
{
    /// <summary>The activity type name (Elsa's), also the name of its triggers and bookmarks.</summary>
    public const string TypeName = "Elsa.HttpEndpoint";

    /// <summary>The methods an endpoint accepts when none are given.</summary>
    public static readonly string[] DefaultMethods = ["GET"];

    [Input(Description = "The path to associate with the workflow, below /workflows/. Route parameters in braces: orders/{id}.",
        UIHint = InputUIHints.SingleLine, IsRequired = true)]
    public Input<string>? Path { get; set; }

    [Input(Description = "The HTTP methods to accept.", UIHint = InputUIHints.CheckList, Options = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"])]
    public Input<ICollection<string>> SupportedMethods { get; set; } = new(DefaultMethods);

    [Input(Description = "Allow authenticated requests only (a signed-in user or an API key).", Category = "Security")]
    public Input<bool> Authorize { get; set; } = new(false);

    [Input(Description = "Who may call it when Authorize is on: empty or 'viewer' any role, 'editor', 'admin', or 'apikey' (an API key only).",
        UIHint = InputUIHints.SingleLine, Category = "Security")]
    public Input<string?>? Policy { get; set; }

    [Input(Description = "The longest the caller waits for the flow's answer. Past it, the flow stops before its next step (or inside one that can be stopped), " +
        "is stored and goes on in the background, and the caller gets 202 with the instance id. Empty: the caller waits until the flow answers, waits or ends.",
        Category = "Upload")]
    public Input<TimeSpan?>? RequestTimeout { get; set; }

    [Input(Description = "The maximum request size allowed in bytes (larger requests get 413); empty: the server's limit.", Category = "Upload")]
    public Input<long?>? RequestSizeLimit { get; set; }

    [Output(Description = "The parsed request content, if any: a JSON object or array, a form as a dictionary, text, or bytes.")]
    public Output<object?> ParsedContent { get; set; } = new();

    [Output(Description = "The parsed route data, if any.")]
    public Output<IDictionary<string, object>> RouteData { get; set; } = new();

    [Output(Description = "The querystring data, if any.")]
    public Output<IDictionary<string, object>> QueryStringData { get; set; } = new();

    [Output(Description = "The headers, if any.")]
    public Output<IDictionary<string, object>> Headers { get; set; } = new();

    /// <inheritdoc />
    public IEnumerable<object> GetTriggerStimuli(ActivityExecutionContext context) => StimuliOf(context);

    /// <inheritdoc />
    protected override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.IsTriggerOfWorkflow) return ReceiveAsync(context);

        foreach (var stimulus in StimuliOf(context))
            context.CreateBookmark(stimulus.ForHash(), OnResumedAsync, payload: stimulus);
        return default;
    }

    /// <summary>One stimulus per accepted method: the route, who may call it, and the endpoint's limits.</summary>
    private List<HttpEndpointStimulus> StimuliOf(ActivityExecutionContext context)
    {
        var path = RouteOf(context);
        var access = HttpEndpointAccess.From(context.Get(Authorize), context.Get(Policy));
        var limit = context.Get(RequestSizeLimit);
        var timeout = context.Get(RequestTimeout);
        return MethodsOf(context).Select(method => new HttpEndpointStimulus(path, method, access, limit, timeout)).ToList();
    }

    private ValueTask OnResumedAsync(ActivityExecutionContext context)
    {
        context.ClearBookmarks(); // the other methods' bookmarks
        return ReceiveAsync(context);
    }

    private ValueTask ReceiveAsync(ActivityExecutionContext context)
    {
        // Without a request (a run resumed from the queue) the outputs stay empty.
        if (context.GetService<HttpExchangeAccessor>()?.Current?.Request is { } request)
        {
            context.Set(ParsedContent, request.ParsedContent);
            context.Set(RouteData, request.RouteData);
            context.Set(QueryStringData, request.QueryStringData);
            context.Set(Headers, request.Headers);
        }

        return context.CompleteAsync();
    }

    private string RouteOf(ActivityExecutionContext context)
    {
        var path = HttpEndpointStimulus.NormalizePath(context.Get(Path));
        if (path.Length == 0) throw new InvalidOperationException("The HTTP endpoint has no path.");
        if (path.Contains("//", StringComparison.Ordinal)) throw new InvalidOperationException($"The path '{path}' contains an empty segment (//).");
        return path;
    }

    private IEnumerable<string> MethodsOf(ActivityExecutionContext context)
    {
        var methods = context.Get(SupportedMethods);
        if (methods is null || methods.Count == 0) methods = DefaultMethods;
        return methods.Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => m.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal);
    }
}
