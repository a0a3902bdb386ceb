namespace IntellyHub.Cli;

/// <summary>The process exit codes of the tool.</summary>
public static class ExitCodes
{
    /// <summary>The command succeeded; for <c>run</c>, the workflow finished or is suspended (waiting on a bookmark).</summary>
    public const int Success = 0;

    /// <summary>The workflow faulted or was cancelled, or the tool failed unexpectedly.</summary>
    public const int Failure = 1;

    /// <summary>Bad input: unknown command or option, missing or unreadable file, malformed JSON, an invalid definition.</summary>
    public const int BadInput = 2;
}
