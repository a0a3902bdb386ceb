using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities.Primitives;

/// <summary>Raised by <see cref="Fault"/>: a deliberate, categorised failure.</summary>
public sealed class FaultException(string code, string category, string faultType, string message) : Exception(message)
{
    public string Code { get; } = code;
    public string Category { get; } = category;
    public string FaultType { get; } = faultType;
}

/// <summary>Faults the workflow on purpose; an incident is recorded with the given message.</summary>
[Activity("Elsa.Fault", Category = "Primitives", Description = "Faults the workflow with a message; an incident is recorded.")]
public sealed class Fault : Activity, ITerminalNode
{
    [Input(Description = "Code to categorize the fault.", UIHint = InputUIHints.SingleLine)]
    public Input<string>? Code { get; set; }

    [Input(Description = "Category of the fault (HTTP, Business, Integration…).", UIHint = InputUIHints.SingleLine)]
    public Input<string>? Category { get; set; }

    [Input(DisplayName = "Type", Description = "Type of the fault (System, Business, Integration…).", UIHint = InputUIHints.SingleLine)]
    public Input<string>? FaultType { get; set; }

    [Input(Description = "The message of the fault.", UIHint = InputUIHints.SingleLine)]
    public Input<string?>? Message { get; set; }

    /// <inheritdoc />
    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context) =>
        throw new FaultException(
            context.Get(Code) ?? "0",
            context.Get(Category) ?? "General",
            context.Get(FaultType) ?? "System",
            context.Get(Message) ?? "The workflow faulted.");
}
