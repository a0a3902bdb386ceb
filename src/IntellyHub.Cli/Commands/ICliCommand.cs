namespace IntellyHub.Cli.Commands;

/// <summary>A subcommand of the tool (<c>run</c>, <c>validate</c>, <c>activities</c>, <c>import</c>, <c>export</c>).</summary>
public interface ICliCommand
{
    /// <summary>The word that selects the command.</summary>
    string Name { get; }

    /// <summary>One line for the overview in the main usage text.</summary>
    string Summary { get; }

    /// <summary>The full usage text of the command.</summary>
    string Usage { get; }

    /// <summary>Runs the command and returns the exit code; bad input is thrown as <see cref="CliInputException"/>.</summary>
    Task<int> ExecuteAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken);
}
