using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Expressions.JavaScript;
using Jint.Native;

namespace IntellyHub.Workflows.Activities.Scripting;

/// <summary>
/// Runs a JavaScript script. Its return value becomes Result; the script chooses the outcome with
/// <c>setOutcome('Name')</c> or <c>setOutcomes(['A','B'])</c> (default <c>Done</c>).
/// </summary>
[Activity("Elsa.RunJavaScript", Category = "Scripting", DisplayName = "Run JavaScript", Description = "Runs a JavaScript script; it can set outcomes with setOutcome().")]
public sealed class RunJavaScript : Activity
{
    public RunJavaScript() { }

    public RunJavaScript(string script) => Script = new Input<string>(script);

    [Input(Description = "The script to run.", UIHint = InputUIHints.CodeEditor, DefaultSyntax = "JavaScript", CaptureInJournal = true)]
    public Input<string>? Script { get; set; }

    [Input(Description = "The outcomes the script may choose with setOutcome().", UIHint = InputUIHints.DynamicOutcomes)]
    public Input<ICollection<string>>? PossibleOutcomes { get; set; }

    [Output(Description = "The value the script returned.")]
    public Output<object?> Result { get; set; } = new();

    /// <inheritdoc />
    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var script = context.Get(Script);
        if (string.IsNullOrWhiteSpace(script)) return context.CompleteAsync();
        var evaluator = context.GetRequiredService<JavaScriptExpressionEvaluator>();
        List<string>? outcomes = null;
        var result = evaluator.Evaluate(script, context, engine =>
        {
            engine.SetValue("setOutcome", new Action<string>(outcome => (outcomes ??= []).Add(outcome)));
            engine.SetValue("setOutcomes", new Action<JsValue>(values =>
            {
                outcomes ??= [];
                if (JavaScriptExpressionEvaluator.ToClr(values) is IEnumerable<object?> list)
                    outcomes.AddRange(list.Select(v => v?.ToString() ?? ""));
            }));
        });
        if (result is not null) context.Set(Result, result);
        return outcomes is { Count: > 0 } ? context.CompleteAsync(outcomes) : context.CompleteAsync();
    }
}
