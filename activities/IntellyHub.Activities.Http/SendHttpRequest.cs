using IntellyHub.Activities.Http.Requests;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Activities.Http;

/// <summary>
/// Sends an HTTP request and runs the activity of the case matching the response's status code, else
/// <see cref="UnmatchedStatusCode"/>; <see cref="FailedToConnect"/> or <see cref="Timeout"/> when there was no
/// response after every retry; then completes. Elsa 3's <c>Elsa.SendHttpRequest</c> (cases and ports
/// hold activities); in a flowchart <see cref="FlowSendHttpRequest"/>, with one port per status code, is the usual choice.
/// </summary>
[Activity("Elsa.SendHttpRequest", Category = HttpActivities.Category, DisplayName = "HTTP Request", Kind = ActivityKind.Task,
    Description = "Sends an HTTP request and runs the activity of the status code it answered.")]
public sealed class SendHttpRequest : SendHttpRequestBase
{
    /// <summary>The expected status codes, each with the activity to run when the response has it.</summary>
    [Input(Description = "A list of expected status codes to handle and the corresponding activity to execute when the status code matches.",
        UIHint = InputUIHints.HttpStatusCodes, Order = 8)]
    public List<HttpStatusCodeCase> ExpectedStatusCodes { get; set; } = [];

    /// <summary>Runs when the status code is not one of <see cref="ExpectedStatusCodes"/>.</summary>
    [Port(DisplayName = "Unmatched status code")]
    public Activity? UnmatchedStatusCode { get; set; }

    /// <summary>Runs when the request could not connect after every retry.</summary>
    [Port(DisplayName = "Failed to connect")]
    public Activity? FailedToConnect { get; set; }

    /// <summary>Runs when the request timed out after every retry.</summary>
    [Port(DisplayName = "Timeout")]
    public Activity? Timeout { get; set; }

    /// <inheritdoc />
    public override IEnumerable<Activity> GetChildren()
    {
        foreach (var @case in ExpectedStatusCodes)
            if (@case.Activity is not null) yield return @case.Activity;
        foreach (var child in base.GetChildren()) yield return child;
    }

    /// <inheritdoc />
    protected override ValueTask OnRespondedAsync(ActivityExecutionContext context, int statusCode)
    {
        var match = ExpectedStatusCodes.FirstOrDefault(c => c.StatusCode == statusCode);
        return RunAsync(context, match is not null ? match.Activity : UnmatchedStatusCode);
    }

    /// <inheritdoc />
    protected override ValueTask OnFailedAsync(ActivityExecutionContext context, HttpRequestFailure failure) =>
        RunAsync(context, failure == HttpRequestFailure.Timeout ? Timeout : FailedToConnect);

    private ValueTask RunAsync(ActivityExecutionContext context, Activity? next)
    {
        if (next is null) return context.CompleteAsync();
        context.ScheduleActivity(next, OnNextCompletedAsync);
        return default;
    }

    private ValueTask OnNextCompletedAsync(ActivityExecutionContext owner, ActivityExecutionContext child) => owner.CompleteAsync();
}
