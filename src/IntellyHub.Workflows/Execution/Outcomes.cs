namespace IntellyHub.Workflows.Execution;

/// <summary>Well-known outcome names.</summary>
public static class Outcomes
{
    /// <summary>The default outcome of an activity that declares none.</summary>
    public const string Done = "Done";

    internal static readonly string[] DoneArray = [Done];
}
