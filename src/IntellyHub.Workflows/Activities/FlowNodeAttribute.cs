namespace IntellyHub.Workflows.Activities;

/// <summary>
/// Declares the named outcomes (ports) an activity completes with inside a flowchart.
/// Activities without it have the single outcome <c>Done</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class FlowNodeAttribute(params string[] outcomes) : Attribute
{
    /// <summary>The outcome names, in the order the designer draws them.</summary>
    public IReadOnlyList<string> Outcomes { get; } = outcomes;

    /// <summary>
    /// True when the activity also completes with outcomes its inputs name (an HTTP request's expected
    /// status codes): validation then accepts connections from ports not listed here.
    /// </summary>
    public bool HasDynamicOutcomes { get; init; }
}
