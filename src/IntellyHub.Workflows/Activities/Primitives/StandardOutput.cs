namespace IntellyHub.Workflows.Activities.Primitives;

/// <summary>Where <c>Elsa.WriteLine</c> writes. The default is the process's standard output.</summary>
public interface IStandardOutput
{
    TextWriter Writer { get; }
}

/// <summary>Writes to <see cref="Console.Out"/>.</summary>
public sealed class ConsoleStandardOutput : IStandardOutput
{
    public TextWriter Writer => Console.Out;
}
