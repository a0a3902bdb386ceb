using BenchmarkDotNet.Attributes;
using IntellyHub.Extensions;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Expressions;
using IntellyHub.Workflows.Flow;
using Microsoft.Extensions.DependencyInjection;

namespace IntellyHub.Benchmarks;

/// <summary>
/// What one JavaScript expression costs a run: the same two-activity flow with the value as a literal and as a script
/// (the script of the HTTP load flow). The difference is the price of one evaluation.
/// Run: dotnet run -c Release --project tests/IntellyHub.Benchmarks -- --filter '*JavaScriptBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class JavaScriptBenchmarks
{
    private ServiceProvider _services = null!;
    private WorkflowRunner _runner = null!;
    private Workflow _literal = null!;
    private Workflow _script = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddIntellyHub();
        _services = services.BuildServiceProvider();
        _runner = _services.GetRequiredService<WorkflowRunner>();
        _literal = Build(new Input<object?>("Hello world"));
        _script = Build(new Input<object?>(new Expression(ExpressionSyntax.JavaScript,
            "'Hello ' + (getVariable('Name') ?? 'world')")));
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true)]
    public async Task<WorkflowSubStatus> Literal() => (await _runner.RunAsync(_literal, new RunWorkflowOptions())).SubStatus;

    [Benchmark]
    public async Task<WorkflowSubStatus> JavaScript() => (await _runner.RunAsync(_script, new RunWorkflowOptions())).SubStatus;

    private static Workflow Build(Input<object?> value)
    {
        var name = new Variable("v-name", "Name", "String", "bench");
        var greeting = new Variable("v-greeting", "Greeting", "String", null);
        Activity[] activities = [new Start { Id = "a1" }, new SetVariable(greeting, value) { Id = "a2" }];
        return new Workflow(new Flowchart(activities, [new Connection("a1", "Done", "a2")]))
        {
            Variables = [name, greeting],
            DefinitionId = "bench-javascript",
        };
    }
}
