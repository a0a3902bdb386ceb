using Jint;

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

    /// <summary>
    /// The limits every engine gets, pooled or made for one script: statements, memory, call depth, and sloppy mode.
    /// The time limit and the cancellation are armed by whoever runs the script.
    /// </summary>
    internal void ApplyLimits(Options engine)
    {
        engine.MaxStatements(MaxStatements);
        engine.LimitMemory(MemoryLimitBytes);
        engine.LimitRecursion(MaxRecursionDepth);
        engine.Strict = false;
    }
}
