using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Expressions;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Expressions;

/// <summary>Evaluates one expression to a target type when it runs and puts the value in the workflow output <c>value</c>.</summary>
public sealed class EvaluateProbe(Expression expression, Type targetType) : CodeActivity
{
    public Expression Expression { get; } = expression;
    public Type TargetType { get; } = targetType;

    protected override async ValueTask RunAsync(ActivityExecutionContext context) =>
        context.WorkflowExecutionContext.Output["value"] = await context.EvaluateAsync(Expression, TargetType);
}

/// <summary>An activity with typed inputs, read from JSON the way Studio writes them.</summary>
[Activity("IntellyHub.Test.TypedProbe", Category = "Tests", Description = "Copies its typed inputs to the workflow output.")]
public sealed class TypedProbe : CodeActivity
{
    [Input(UIHint = InputUIHints.SingleLine)]
    public Input<int> Number { get; set; } = new(0);

    [Input(UIHint = InputUIHints.Checkbox)]
    public Input<bool> Flag { get; set; } = new(false);

    [Input(UIHint = InputUIHints.SingleLine)]
    public Input<TimeSpan> Duration { get; set; } = new(TimeSpan.Zero);

    [Input(UIHint = InputUIHints.JsonEditor)]
    public Input<IDictionary<string, object?>?>? Data { get; set; }

    [Input(UIHint = InputUIHints.MultiText)]
    public Input<string[]?>? Tags { get; set; }

    [Input(UIHint = InputUIHints.SingleLine)]
    public Input<decimal> Amount { get; set; } = new(0m);

    protected override void Run(ActivityExecutionContext context)
    {
        var output = context.WorkflowExecutionContext.Output;
        output["number"] = context.Get(Number);
        output["flag"] = context.Get(Flag);
        output["duration"] = context.Get(Duration);
        output["data"] = context.Get(Data);
        output["tags"] = context.Get(Tags);
        output["amount"] = context.Get(Amount);
    }
}

/// <summary>Runs expressions through the real engine and reads back the value or the incident.</summary>
internal static class ExpressionRunner
{
    public static Task<RunWorkflowResult> RunAsync(
        WorkflowTestHost host, Expression expression, Type targetType, IEnumerable<Variable>? variables = null,
        RunWorkflowOptions? options = null, params Activity[] before)
    {
        var probe = new EvaluateProbe(expression, targetType) { Id = "probe1" };
        var workflow = new Workflow(new Sequence([.. before, probe]) { Id = "sequence1" }) { Variables = variables?.ToList() ?? [] };
        return host.RunAsync(workflow, options);
    }

    public static async Task<object?> EvaluateAsync(
        WorkflowTestHost host, Expression expression, Type targetType, IEnumerable<Variable>? variables = null,
        RunWorkflowOptions? options = null, params Activity[] before)
    {
        var result = await RunAsync(host, expression, targetType, variables, options, before);
        Assert.True(result.SubStatus == WorkflowSubStatus.Finished, string.Join("; ", result.Incidents.Select(i => i.Message)));
        return result.Output["value"];
    }

    /// <summary>Runs an expression that must fail; returns the incident of the probe.</summary>
    public static async Task<Incident> FailAsync(
        WorkflowTestHost host, Expression expression, Type targetType, IEnumerable<Variable>? variables = null)
    {
        var result = await RunAsync(host, expression, targetType, variables);
        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        var incident = Assert.Single(result.Incidents);
        Assert.Equal("probe1", incident.ActivityId);
        Assert.Equal(typeof(ExpressionException).FullName, incident.Exception!.Type);
        return incident;
    }
}
