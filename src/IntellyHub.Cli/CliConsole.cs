namespace IntellyHub.Cli;

/// <summary>
/// Where the tool writes: <see cref="Out"/> carries the command's result (one JSON document for
/// <c>run</c> and <c>activities</c>); <see cref="Error"/> carries messages and the text written by
/// <c>Elsa.WriteLine</c>, so the result on stdout stays parseable.
/// </summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error);
