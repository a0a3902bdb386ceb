using IntellyHub.Workflows.Serialization;

namespace IntellyHub.Cli.Engine;

/// <summary>Reads workflow definition files.</summary>
public static class DefinitionFile
{
    /// <summary>The text of a definition file; a missing or unreadable file is bad input.</summary>
    public static async Task<string> ReadTextAsync(string path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path)) throw new CliInputException($"'{path}' is a folder, not a definition file.");
        if (!File.Exists(path)) throw new CliInputException($"File not found: '{path}'.");
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliInputException($"Cannot read '{path}': {CliApplication.OneLine(exception.Message)}");
        }
    }

    /// <summary>A problem as one line: where it is, what it is, and its code.</summary>
    public static string Describe(WorkflowProblem problem)
    {
        // The reader puts the 1-based line and column in front; the parser's own 0-based position at the end would contradict it.
        var text = problem.Code == WorkflowProblemCodes.InvalidJson ? WithoutJsonPosition(problem.ToString()) : problem.ToString();
        return $"{CliApplication.OneLine(text)} [{problem.Code}]";
    }

    /// <summary>A System.Text.Json error message without its trailing "LineNumber: … | BytePositionInLine: …" part.</summary>
    public static string WithoutJsonPosition(string message)
    {
        var index = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return CliApplication.OneLine(index > 0 ? message[..index] : message);
    }
}
