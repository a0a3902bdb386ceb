using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities.Primitives;

/// <summary>Assigns a value to a workflow variable (converted to the variable's type).</summary>
[Activity("Elsa.SetVariable", Category = "Primitives", Description = "Assigns a value to a workflow variable.")]
public sealed class SetVariable : CodeActivity
{
    public SetVariable() { }

    public SetVariable(Variable variable, Input<object?> value)
    {
        Variable = variable;
        Value = value;
    }

    /// <summary>The variable to assign (stored as the variable object, resolved by id).</summary>
    [Input(Description = "The variable to assign the value to.", UIHint = InputUIHints.VariablePicker, IsRequired = true)]
    public Variable? Variable { get; set; }

    [Input(Description = "The value to assign.", UIHint = InputUIHints.SingleLine)]
    public Input<object?>? Value { get; set; }

    /// <inheritdoc />
    protected override void Run(ActivityExecutionContext context)
    {
        var variable = Variable ?? throw new InvalidOperationException("No variable is selected.");
        var reference = context.WorkflowExecutionContext.Workflow.Graph.FindVariable(variable.Id) is not null ? variable.Id : variable.Name;
        if (!context.WorkflowExecutionContext.HasVariable(reference))
            throw new InvalidOperationException($"Variable '{variable.Name}' ({variable.Id}) is not declared in the workflow.");
        context.SetVariable(reference, context.Get(Value));
    }
}
