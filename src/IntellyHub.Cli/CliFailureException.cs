namespace IntellyHub.Cli;

/// <summary>
/// The work failed for a reason outside the user's input (a server error while listing definitions, an
/// answer the tool cannot read…). The message is shown as it is, on one line, and the tool exits with
/// <see cref="ExitCodes.Failure"/>.
/// </summary>
public sealed class CliFailureException(string message) : Exception(message);
