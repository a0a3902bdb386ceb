using System.Globalization;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Activities.Http.Requests;

/// <summary>
/// Sends an HTTP request and continues, in a flowchart, on the port of the response's status code when it is
/// one of <see cref="ExpectedStatusCodes"/>, else on <c>Unmatched status code</c>, and on <c>Done</c> after
/// any response; on <c>Failed to connect</c> or <c>Timeout</c> when there was none after every retry.
/// Elsa 3's <c>Elsa.FlowSendHttpRequest</c>: the same type name, inputs and port names, so Elsa definitions
/// and Studio's port drawing work unchanged.
/// </summary>
[Activity("Elsa.FlowSendHttpRequest", Category = HttpActivities.Category, DisplayName = "HTTP Request (flow)", Kind = ActivityKind.Task,
    Description = "Sends an HTTP request and continues on the port of the status code it answered.")]
[FlowNode(UnmatchedStatusCode, FailedToConnect, Timeout, Outcomes.Done, HasDynamicOutcomes = true)]
public sealed class FlowSendHttpRequest : SendHttpRequestBase
{
    /// <summary>The outcome of a status code not in <see cref="ExpectedStatusCodes"/>.</summary>
    public const string UnmatchedStatusCode = "Unmatched status code";

    /// <summary>The outcome of a request that could not connect (after every retry).</summary>
    public const string FailedToConnect = "Failed to connect";

    /// <summary>The outcome of a request that timed out (after every retry).</summary>
    public const string Timeout = "Timeout";

    [Input(Description = "The status codes to handle: each gets its own outcome port. Empty: only Done.",
        UIHint = InputUIHints.MultiText, DefaultValue = new[] { 200 }, Order = 8)]
    public Input<ICollection<int>>? ExpectedStatusCodes { get; set; }

    /// <inheritdoc />
    protected override ValueTask OnRespondedAsync(ActivityExecutionContext context, int statusCode)
    {
        var expected = context.Get(ExpectedStatusCodes);
        if (expected is not { Count: > 0 }) return context.CompleteAsync();
        var outcome = expected.Contains(statusCode) ? statusCode.ToString(CultureInfo.InvariantCulture) : UnmatchedStatusCode;
        return context.CompleteAsync([outcome, Outcomes.Done]);
    }

    /// <inheritdoc />
    protected override ValueTask OnFailedAsync(ActivityExecutionContext context, HttpRequestFailure failure) =>
        context.CompleteAsync(failure == HttpRequestFailure.Timeout ? Timeout : FailedToConnect);
}
