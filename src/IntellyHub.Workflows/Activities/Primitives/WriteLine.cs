using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities.Primitives;

/// <summary>Writes a line of text to the standard output.</summary>
[Activity("Elsa.WriteLine", Category = "Console", Description = "Writes a line of text to the standard output.")]
public sealed class WriteLine : CodeActivity
{
    public WriteLine() { }

    public WriteLine(string text) => Text = new Input<string>(text);

    public WriteLine(Input<string> text) => Text = text;

    [Input(Description = "The text to write.", UIHint = InputUIHints.SingleLine)]
    public Input<string>? Text { get; set; }

    /// <inheritdoc />
    protected override void Run(ActivityExecutionContext context)
    {
        var output = context.GetService<IStandardOutput>()?.Writer ?? Console.Out;
        output.WriteLine(context.Get(Text));
    }
}
