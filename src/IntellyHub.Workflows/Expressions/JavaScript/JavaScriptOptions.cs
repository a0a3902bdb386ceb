namespace IntellyHub.Workflows.Expressions.JavaScript;

/// <summary>
/// Limits for JavaScript expressions, so a hostile or broken script cannot hang or exhaust the server.
/// Bound from <c>IntellyHub:JavaScript</c> in the server.
/// </summary>
public sealed class JavaScriptOptions
{
    /// <summary>Wall-clock limit of one evaluation.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Maximum statements one evaluation may execute.</summary>
    public int MaxStatements { get; set; } = 1_000_000;

    /// <summary>Maximum memory one evaluation may allocate, in bytes.</summary>
    public long MemoryLimitBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Maximum call depth.</summary>
    public int MaxRecursionDepth { get; set; } = 256;

    /// <summary>How many compiled scripts are kept for reuse.</summary>
    public int ScriptCacheSize { get; set; } = 2048;
}
