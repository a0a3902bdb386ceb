using IntellyHub.Workflows.Activities.Primitives;

namespace IntellyHub.Cli.Engine;

/// <summary>
/// Sends <c>Elsa.WriteLine</c> text to a writer of the tool's choosing — stderr for <c>run</c>, so the
/// JSON document on stdout is not mixed with workflow text.
/// </summary>
public sealed class TextWriterStandardOutput(TextWriter writer) : IStandardOutput
{
    public TextWriter Writer { get; } = writer;
}
