using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Tests.Descriptors;

public enum NotificationPriority
{
    Low,
    Normal,
    VeryHigh,
}

/// <summary>A custom activity registered from the test assembly.</summary>
[Activity("IntellyHub.Test.Descriptors.SendNotification", Category = "IntellyHub", Description = "Sends a notification through IntellyHub.", Version = 2)]
[FlowNode("Done", "Failed")]
public sealed class SendNotification : CodeActivity
{
    [Input(Description = "Who receives it.", IsRequired = true)]
    public Input<string>? Recipient { get; set; }

    [Input(Description = "How urgent it is.", DefaultValue = NotificationPriority.Normal)]
    public Input<NotificationPriority> Priority { get; set; } = new(NotificationPriority.Normal);

    [Input(DisplayName = "Retry count", Order = 5)]
    public Input<int> RetryCount { get; set; } = new(3);

    [Input(Description = "Secret token.", CaptureInJournal = false, UIHint = InputUIHints.SingleLine)]
    public Input<string>? Token { get; set; }

    [Input]
    public Input<bool> Silent { get; set; } = new(false);

    [Input]
    public Input<DateTimeOffset?>? SendAt { get; set; }

    [Input]
    public Input<IDictionary<string, object?>?>? Headers { get; set; }

    [Input]
    public Input<ICollection<string>?>? Tags { get; set; }

    [Input]
    public Input<NotificationPriority?>? Fallback { get; set; }

    [Input]
    public Input<int?>? Limit { get; set; }

    [Output(Description = "The id of the sent message.")]
    public Output<string> MessageId { get; set; } = new();

    protected override void Run(ActivityExecutionContext context) => context.Set(MessageId, "m-1");
}
