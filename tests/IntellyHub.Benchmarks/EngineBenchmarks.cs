using BenchmarkDotNet.Attributes;
using IntellyHub.Extensions;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Looping;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Expressions;
using IntellyHub.Workflows.Flow;
using Microsoft.Extensions.DependencyInjection;

namespace IntellyHub.Benchmarks;

/// <summary>
/// In-memory execution speed of the engine, reported per activity execution
/// (OperationsPerInvoke = activity executions per workflow run, the Workflow and container activities included).
/// Goal: ≥ 200,000 activity executions per second per core, ≤ 1 KB allocated per activity execution.
/// Run: dotnet run -c Release --project tests/IntellyHub.Benchmarks -- --filter '*EngineBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private const int LoopIterations = 1000;

    // Workflow + Flowchart + 10 activities.
    private const int FlowchartExecutions = 12;

    // Workflow + For + one body execution per iteration.
    private const int LoopExecutions = LoopIterations + 2;

    private ServiceProvider _services = null!;
    private WorkflowRunner _runner = null!;
    private Workflow _flowchart = null!;
    private Workflow _loop = null!;

    [Params(true, false)]
    public bool Journal { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IStandardOutput>(new NullOutput());
        services.AddIntellyHub();
        _services = services.BuildServiceProvider();
        _runner = _services.GetRequiredService<WorkflowRunner>();
        _flowchart = BuildFlowchart();
        _loop = BuildLoop();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(OperationsPerInvoke = FlowchartExecutions)]
    public async Task<WorkflowSubStatus> Flowchart10Activities()
    {
        var result = await _runner.RunAsync(_flowchart, new RunWorkflowOptions { Journal = Journal });
        return result.SubStatus;
    }

    [Benchmark(OperationsPerInvoke = LoopExecutions)]
    public async Task<WorkflowSubStatus> Loop1000Iterations()
    {
        var result = await _runner.RunAsync(_loop, new RunWorkflowOptions { Journal = Journal });
        return result.SubStatus;
    }

    // Start → SetVariable → WriteLine → Decision → (True) SetVariable → WriteLine → SetVariable → WriteLine → SetVariable → End
    private static Workflow BuildFlowchart()
    {
        var counter = new Variable("v-counter", "Counter", "Int32", 0);
        var message = new Variable("v-message", "Message", "String", null);
        Activity[] activities =
        [
            new Start { Id = "a1" },
            new SetVariable(message, new Input<object?>("hello")) { Id = "a2" },
            new WriteLine(new Input<string>(new Expression(ExpressionSyntax.Variable, "Message"))) { Id = "a3" },
            new FlowDecision(new Input<bool>(true)) { Id = "a4" },
            new SetVariable(counter, new Input<object?>(1)) { Id = "a5" },
            new WriteLine("step") { Id = "a6" },
            new SetVariable(counter, new Input<object?>(2)) { Id = "a7" },
            new WriteLine("step") { Id = "a8" },
            new SetVariable(counter, new Input<object?>(3)) { Id = "a9" },
            new End { Id = "a10" },
        ];
        var connections = new List<Connection>();
        for (var i = 0; i < activities.Length - 1; i++)
            connections.Add(new Connection(activities[i].Id, i == 3 ? "True" : "Done", activities[i + 1].Id));
        return new Workflow(new Flowchart(activities, connections)) { Variables = [counter, message], DefinitionId = "bench-flowchart" };
    }

    private static Workflow BuildLoop()
    {
        var current = new Variable("v-current", "Current", "Int32", 0);
        var last = new Variable("v-last", "Last", "Int32", 0);
        var body = new SetVariable(last, new Input<object?>(new Expression(ExpressionSyntax.Variable, "Current")));
        var loop = new For(1, LoopIterations, body) { CurrentValue = new Output<object?>(current) };
        return new Workflow(loop) { Variables = [current, last], DefinitionId = "bench-loop" };
    }

    private sealed class NullOutput : IStandardOutput
    {
        public TextWriter Writer => TextWriter.Null;
    }
}
