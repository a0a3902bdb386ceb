using System.Collections.Concurrent;
using IntellyHub.Workflows.Execution;
using Jint;
using Jint.Constraints;

namespace IntellyHub.Workflows.Expressions.JavaScript;

/// <summary>
/// Jint engines kept between evaluations. Building an engine (its realm: every built-in object and function) is most
/// of what a short expression costs; a pooled engine is built once, its clean global surface captured, and after each
/// evaluation the globals are put back as they were (Jint's global snapshot: variables, functions, let/const/class
/// declarations and everything bound from .NET). A snapshot does not undo changes to the built-in objects themselves,
/// so only scripts that <see cref="SharedEngineSafety"/> finds unable to make such changes run here.
/// </summary>
internal sealed class JavaScriptEnginePool(JavaScriptOptions options, Action<ScriptBinding> bindFunctions)
{
    private readonly ConcurrentQueue<PooledEngine> _idle = new();
    private readonly int _capacity = Math.Max(2, Environment.ProcessorCount * 2);
    private int _idleCount;

    public PooledEngine Rent()
    {
        if (_idle.TryDequeue(out var engine))
        {
            Interlocked.Decrement(ref _idleCount);
            return engine;
        }

        return new PooledEngine(options, bindFunctions);
    }

    /// <summary>Takes an engine back after <see cref="PooledEngine.TryReset"/>; beyond the pool's capacity it is dropped.</summary>
    public void Return(PooledEngine engine)
    {
        if (Interlocked.Increment(ref _idleCount) <= _capacity)
        {
            _idle.Enqueue(engine);
            return;
        }

        Interlocked.Decrement(ref _idleCount);
        engine.Dispose();
    }
}

/// <summary>
/// An engine of the pool: the limits of <see cref="JavaScriptOptions"/>, time and cancellation armed per evaluation,
/// and the workflow functions bound once, to <see cref="Binding"/>, whose workflow is set per evaluation.
/// </summary>
internal sealed class PooledEngine : IDisposable
{
    private readonly OperationDeadlineConstraint _deadline = new();
    private readonly GlobalSnapshot _clean;

    public PooledEngine(JavaScriptOptions options, Action<ScriptBinding> bindFunctions)
    {
        Engine = new Engine(o =>
        {
            options.ApplyLimits(o);
            o.Constraint(_deadline);
        });
        Binding = new ScriptBinding(Engine);
        bindFunctions(Binding);
        _clean = Engine.Advanced.CaptureGlobalSnapshot();
    }

    public Engine Engine { get; }

    public ScriptBinding Binding { get; }

    /// <summary>Arms the time limit and the caller's cancellation for one evaluation.</summary>
    public void Begin(TimeSpan timeout, CancellationToken cancellationToken) => _deadline.Begin(timeout, cancellationToken);

    /// <summary>Disarms the time limit and the cancellation armed by <see cref="Begin"/>.</summary>
    public void End() => _deadline.End();

    /// <summary>Disarms the limits and (when <paramref name="restoreGlobals"/>) restores the clean globals; false when the engine cannot be reused.</summary>
    public bool TryReset(bool restoreGlobals)
    {
        End();
        if (!restoreGlobals) return true;
        try
        {
            Engine.Advanced.RestoreGlobalSnapshot(_clean);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public void Dispose() => Engine.Dispose();
}

/// <summary>What the workflow functions bound in an engine work on: the engine and the workflow of the evaluation.</summary>
internal sealed class ScriptBinding(Engine engine)
{
    public Engine Engine { get; } = engine;

    public WorkflowExecutionContext? Workflow { get; set; }

    /// <summary>Whether this evaluation added globals of its workflow (input, variables, getX/setX).</summary>
    public bool GlobalsAdded { get; set; }
}
