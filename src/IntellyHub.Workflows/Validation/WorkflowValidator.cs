using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Branching;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Activities.Scheduling;
using IntellyHub.Workflows.Activities.Scripting;
using IntellyHub.Workflows.Expressions;
using IntellyHub.Workflows.Flow;
using IntellyHub.Workflows.Serialization;

namespace IntellyHub.Workflows.Validation;

/// <summary>
/// Checks a definition before it runs or is published: duplicate ids, connections to missing
/// activities or ports, required inputs without a value, expressions in unknown syntaxes or with
/// syntax errors, references to undeclared variables, and invalid cron expressions. Every problem names its activity.
/// </summary>
public sealed class WorkflowValidator(ExpressionEvaluator expressions)
{
    /// <summary>The problems of a definition (empty when it is valid).</summary>
    public IReadOnlyList<WorkflowProblem> Validate(WorkflowDefinition definition)
    {
        var problems = new List<WorkflowProblem>();
        var workflow = definition.ToWorkflow();
        var graph = workflow.Graph;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var activity in graph.Activities)
        {
            if (activity is Workflow) continue;
            if (!seen.Add(activity.Id))
                problems.Add(new WorkflowProblem(WorkflowProblemCodes.DuplicateActivityId, $"Activity id '{activity.Id}' is used more than once.", activity.Id));
            if (activity is UnknownActivity unknown)
            {
                problems.Add(new WorkflowProblem(WorkflowProblemCodes.UnknownActivityType, $"Unknown activity type '{unknown.Type}'.", activity.Id));
                continue;
            }

            ValidateInputs(activity, graph, problems);
            ValidateOutputs(activity, graph, problems);
            if (activity is Flowchart flowchart) ValidateConnections(flowchart, problems);
        }

        return problems;
    }

    private void ValidateInputs(Activity activity, WorkflowGraph graph, List<WorkflowProblem> problems)
    {
        foreach (var input in activity.TypeInfo.Inputs)
        {
            var value = input.Getter(activity);
            if (input.IsRequired && IsMissing(value))
                problems.Add(new WorkflowProblem(WorkflowProblemCodes.MissingRequiredInput, $"Required input '{input.Name}' has no value.", activity.Id));
            if (value is Input wrapped) ValidateExpression(activity, input.Name, wrapped.Expression, graph, problems);
        }

        switch (activity)
        {
            case SetVariable { Variable: { } variable } when graph.FindVariable(variable.Id) is null && graph.FindVariable(variable.Name) is null:
                problems.Add(new WorkflowProblem(WorkflowProblemCodes.UnknownVariable, $"Variable '{variable.Name}' is not declared.", activity.Id));
                break;
            case FlowSwitch flowSwitch:
                foreach (var @case in flowSwitch.Cases) ValidateExpression(activity, $"case '{@case.Label}'", @case.Condition, graph, problems);
                break;
            case Switch @switch:
                foreach (var @case in @switch.Cases) ValidateExpression(activity, $"case '{@case.Label}'", @case.Condition, graph, problems);
                break;
            case Cron { CronExpression.Expression: { Type: ExpressionSyntax.Literal } cron } when !CronSchedule.TryNormalize(cron.ValueAsText(), out _, out var error):
                problems.Add(new WorkflowProblem(WorkflowProblemCodes.InvalidValue, $"Input 'CronExpression': {error}", activity.Id));
                break;
            case RunJavaScript { Script: { Expression: { Type: ExpressionSyntax.Literal } script } }:
                ValidateExpression(activity, "Script", new Expression(ExpressionSyntax.JavaScript, script.Value), graph, problems);
                break;
        }
    }

    private void ValidateExpression(Activity activity, string inputName, Expression expression, WorkflowGraph graph, List<WorkflowProblem> problems)
    {
        var evaluator = expressions.Find(expression.Type);
        if (evaluator is null)
        {
            problems.Add(new WorkflowProblem(WorkflowProblemCodes.UnknownExpressionSyntax, $"Input '{inputName}' uses unknown expression syntax '{expression.Type}'.", activity.Id));
            return;
        }

        foreach (var message in evaluator.Validate(expression))
            problems.Add(new WorkflowProblem(WorkflowProblemCodes.ExpressionSyntax, $"Input '{inputName}': {message}", activity.Id));

        if (expression.Type == ExpressionSyntax.Variable && VariableExpressionEvaluator.GetReference(expression) is { } reference && graph.FindVariable(reference) is null)
            problems.Add(new WorkflowProblem(WorkflowProblemCodes.UnknownVariable, $"Input '{inputName}' reads undeclared variable '{reference}'.", activity.Id));
    }

    private static void ValidateOutputs(Activity activity, WorkflowGraph graph, List<WorkflowProblem> problems)
    {
        foreach (var output in activity.TypeInfo.Outputs)
        {
            if (output.Getter(activity) is Output { MemoryReferenceId: { } reference } && graph.FindVariable(reference) is null)
                problems.Add(new WorkflowProblem(WorkflowProblemCodes.UnknownVariable, $"Output '{output.Name}' is bound to undeclared variable '{reference}'.", activity.Id));
        }
    }

    private static void ValidateConnections(Flowchart flowchart, List<WorkflowProblem> problems)
    {
        var activities = flowchart.Activities.GroupBy(a => a.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var connection in flowchart.Connections)
        {
            if (!activities.TryGetValue(connection.Source.Activity, out var source))
            {
                problems.Add(new WorkflowProblem(WorkflowProblemCodes.DanglingConnection,
                    $"Connection {connection.Key} starts at activity '{connection.Source.Activity}', which is not in the flowchart.", flowchart.Id));
                continue;
            }

            if (!activities.ContainsKey(connection.Target.Activity))
            {
                problems.Add(new WorkflowProblem(WorkflowProblemCodes.DanglingConnection,
                    $"Connection {connection.Key} ends at activity '{connection.Target.Activity}', which is not in the flowchart.", flowchart.Id));
                continue;
            }

            if (HasFixedOutcomes(source) && connection.Source.Port is { Length: > 0 } port && !source.TypeInfo.Outcomes.Contains(port))
                problems.Add(new WorkflowProblem(WorkflowProblemCodes.UnknownPort,
                    $"Connection {connection.Key} leaves from port '{port}', which {source.Type} does not have (it has {string.Join(", ", source.TypeInfo.Outcomes)}).", source.Id));
        }
    }

    // Activities whose outcomes come from their inputs (switch labels, fork branches, script outcomes) are not checked.
    private static bool HasFixedOutcomes(Activity activity) => activity is not (FlowSwitch or FlowFork or RunJavaScript or UnknownActivity);

    private static bool IsMissing(object? value) => value switch
    {
        null => true,
        Input { Expression: { Type: ExpressionSyntax.Literal, Value: null } } => true,
        Input { Expression: { Type: ExpressionSyntax.Literal, Value: string s } } => string.IsNullOrWhiteSpace(s),
        Input { Expression.Value: string s } => string.IsNullOrWhiteSpace(s),
        _ => false,
    };
}
