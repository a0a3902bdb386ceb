using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities.Primitives;

/// <summary>Sets an output of the workflow.</summary>
[Activity("Elsa.SetOutput", Category = "Composition", Description = "Sets an output of the workflow.")]
public sealed class SetOutput : CodeActivity
{
    [Input(DisplayName = "Output", Description = "The name of the workflow output to set.", UIHint = InputUIHints.OutputPicker, IsRequired = true)]
    public Input<string>? OutputName { get; set; }

    [Input(Description = "The value to assign.", UIHint = InputUIHints.SingleLine)]
    public Input<object?>? OutputValue { get; set; }

    /// <inheritdoc />
    protected override void Run(ActivityExecutionContext context)
    {
        var name = context.Get(OutputName);
        if (string.IsNullOrWhiteSpace(name)) throw new InvalidOperationException("The output name is empty.");
        context.WorkflowExecutionContext.Output[name] = context.Get(OutputValue);
    }
}
