namespace IntellyHub.Cli;

/// <summary>
/// Bad input from the user (a missing file, malformed JSON, an unknown option…). The message is shown
/// as it is, on one line, and the tool exits with <see cref="ExitCodes.BadInput"/>.
/// </summary>
public sealed class CliInputException(string message) : Exception(message);
