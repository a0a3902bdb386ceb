using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Tests.Testing;

/// <summary>Throws an <see cref="InvalidOperationException"/> with the given message whenever it runs.</summary>
public sealed class Throwing : CodeActivity
{
    public Throwing() { }

    public Throwing(string message) => Message = message;

    public string Message { get; set; } = "boom";

    protected override void Run(ActivityExecutionContext context) => throw new InvalidOperationException(Message);
}

/// <summary>A switch tests flip to make <see cref="Flaky"/> succeed.</summary>
public sealed class FlakyGate
{
    public bool Fixed { get; set; }
    public int Attempts { get; set; }
}

/// <summary>Fails until its <see cref="FlakyGate"/> (a service) is fixed.</summary>
public sealed class Flaky : CodeActivity
{
    protected override void Run(ActivityExecutionContext context)
    {
        var gate = context.GetRequiredService<FlakyGate>();
        gate.Attempts++;
        if (!gate.Fixed) throw new InvalidOperationException("not yet fixed");
    }
}

/// <summary>Records the ids of activities whose cancellation handler ran.</summary>
public sealed class CancellationLog
{
    public List<string> Canceled { get; } = [];
}

/// <summary>Waits on a bookmark named after its id and records its cancellation in <see cref="CancellationLog"/>.</summary>
public sealed class Waiter : Activity
{
    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.CreateBookmark(new { waiter = context.Activity.Id }, name: "Test.Waiter");
        return default;
    }

    protected internal override ValueTask OnCanceledAsync(ActivityExecutionContext context)
    {
        context.GetService<CancellationLog>()?.Canceled.Add(context.Activity.Id);
        return default;
    }
}

/// <summary>Workflows by definition id, for <see cref="ExecuteWorkflow"/>.</summary>
public sealed class InMemoryWorkflowProvider : IWorkflowProvider
{
    private readonly Dictionary<string, Func<Workflow>> _factories = new(StringComparer.Ordinal);

    public InMemoryWorkflowProvider Add(string definitionId, Func<Workflow> factory)
    {
        _factories[definitionId] = factory;
        return this;
    }

    public ValueTask<Workflow?> FindAsync(string definitionId, CancellationToken cancellationToken) =>
        new(_factories.TryGetValue(definitionId, out var factory) ? factory() : null);
}
