using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities.Primitives;

/// <summary>The stimulus of <see cref="Event"/>: an event name.</summary>
public sealed record EventStimulus(string EventName);

/// <summary>
/// Waits for a named event (or starts the workflow when the event is published). The payload sent
/// with the event becomes the activity's result.
/// </summary>
[Activity("Elsa.Event", Category = "Primitives", Kind = ActivityKind.Trigger, Description = "Waits for a named event, or starts the workflow when it is published.")]
public sealed class Event : Activity, ITrigger
{
    /// <summary>Key of the resume input holding the event payload.</summary>
    public const string PayloadInputKey = "payload";

    public Event() { }

    public Event(string eventName) => EventName = new Input<string>(eventName);

    [Input(Description = "The name of the event to listen for.", UIHint = InputUIHints.SingleLine, IsRequired = true)]
    public Input<string>? EventName { get; set; }

    [Output(Description = "The payload sent with the event.")]
    public Output<object?> Result { get; set; } = new();

    /// <inheritdoc />
    public IEnumerable<object> GetTriggerStimuli(ActivityExecutionContext context) => [Stimulus(context)];

    /// <inheritdoc />
    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.IsTriggerOfWorkflow)
        {
            context.Set(Result, context.WorkflowExecutionContext.Input.TryGetValue(PayloadInputKey, out var payload) ? payload : null);
            return context.CompleteAsync();
        }

        context.CreateBookmark(Stimulus(context), OnResumedAsync);
        return default;
    }

    private EventStimulus Stimulus(ActivityExecutionContext context) =>
        new(context.Get(EventName) is { Length: > 0 } name ? name : throw new InvalidOperationException("The event name is empty."));

    private ValueTask OnResumedAsync(ActivityExecutionContext context)
    {
        var input = context.ResumeInput;
        context.Set(Result, input is not null && input.TryGetValue(PayloadInputKey, out var payload) ? payload : input);
        return context.CompleteAsync();
    }
}
