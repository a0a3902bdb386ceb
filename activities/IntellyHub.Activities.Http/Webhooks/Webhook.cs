using IntellyHub.Activities.Http.Endpoints;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Activities.Http.Webhooks;

/// <summary>
/// Starts the flow when a signed request arrives at <c>/webhooks/{Path}</c> (the path defaults to the definition id). The
/// host verifies the signature (<see cref="WebhookSignature"/>), the timestamp's age and that the delivery is not a
/// replay before the flow starts; the outputs are the parsed body and the headers. A webhook only starts flows: reached
/// mid-flow it faults.
/// </summary>
[Activity(TypeName, Category = HttpActivities.Category, Kind = ActivityKind.Trigger, DisplayName = "Webhook",
    Description = "Starts the workflow when a request signed with the webhook's secret (HMAC-SHA256) arrives at /webhooks/{path}.")]
public sealed class Webhook : Activity, ITrigger
{
    /// <summary>The activity type name, also the name of its triggers.</summary>
    public const string TypeName = "IntellyHub.Webhook";

    [Input(Description = "The path below /webhooks/; empty: the workflow definition id.", UIHint = InputUIHints.SingleLine)]
    public Input<string?>? Path { get; set; }

    [Input(Description = "The signing secret, when the sender gives you one; empty: a secret generated for this webhook (editors read it with GET /api/webhooks/{definitionId}).",
        UIHint = InputUIHints.SingleLine, Category = "Security", CaptureInJournal = false)]
    public Input<string?>? Secret { get; set; }

    [Output(Description = "The parsed request content: a JSON object or array, a form as a dictionary, text, or bytes.")]
    public Output<object?> ParsedContent { get; set; } = new();

    [Output(Description = "The request headers.")]
    public Output<IDictionary<string, object>> Headers { get; set; } = new();

    /// <inheritdoc />
    public IEnumerable<object> GetTriggerStimuli(ActivityExecutionContext context)
    {
        var path = HttpEndpointStimulus.NormalizePath(context.Get(Path));
        if (path.Length == 0) path = HttpEndpointStimulus.NormalizePath(context.WorkflowExecutionContext.Workflow.DefinitionId);
        if (path.Length == 0) throw new InvalidOperationException("The webhook has no path and its workflow no definition id.");
        var secret = context.Get(Secret);
        return [new WebhookStimulus(path, string.IsNullOrEmpty(secret) ? null : secret)];
    }

    /// <inheritdoc />
    protected override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (!context.IsTriggerOfWorkflow)
            throw new InvalidOperationException("A webhook starts a workflow and cannot wait mid-flow; use an HTTP endpoint or an event there.");
        if (context.GetService<HttpExchangeAccessor>()?.Current?.Request is { } request)
        {
            context.Set(ParsedContent, request.ParsedContent);
            context.Set(Headers, request.Headers);
        }

        return context.CompleteAsync();
    }
}
