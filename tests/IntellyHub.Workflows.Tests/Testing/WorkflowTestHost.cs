using IntellyHub.Extensions;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Registration;
using IntellyHub.Workflows.Serialization;
using IntellyHub.Workflows.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IntellyHub.Workflows.Tests.Testing;

/// <summary>
/// The engine as a host registers it (through <c>AddIntellyHub</c>), with a fake clock and the
/// WriteLine output captured. Runs workflows until they finish, fault or suspend.
/// </summary>
public sealed class WorkflowTestHost : IDisposable
{
    private readonly StringWriter _output = new();

    public WorkflowTestHost(Action<IntellyHubBuilder>? configure = null, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(Clock);
        collection.AddSingleton<IStandardOutput>(new CapturedOutput(_output));
        services?.Invoke(collection);
        collection.AddIntellyHub(configure);
        Services = collection.BuildServiceProvider();
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
    public ServiceProvider Services { get; }
    public WorkflowRunner Runner => Services.GetRequiredService<WorkflowRunner>();
    public WorkflowDefinitionSerializer Serializer => Services.GetRequiredService<WorkflowDefinitionSerializer>();

    /// <summary>Lines written by WriteLine so far.</summary>
    public IReadOnlyList<string> Lines => _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

    public Task<RunWorkflowResult> RunAsync(Activity root, RunWorkflowOptions? options = null) =>
        RunAsync(root as Workflow ?? new Workflow(root), options);

    public Task<RunWorkflowResult> RunAsync(Workflow workflow, RunWorkflowOptions? options = null) => Runner.RunAsync(workflow, options);

    /// <summary>Reads an Elsa JSON definition, failing the test on any problem.</summary>
    public Workflow Load(string json)
    {
        var result = Serializer.Read(json);
        Assert.True(result.Problems.Count == 0, string.Join("; ", result.Problems));
        return result.Definition!.ToWorkflow();
    }

    /// <summary>Writes the state out and reads it back, as a different process would.</summary>
    public static WorkflowState RoundTrip(WorkflowState state) => WorkflowStateSerializer.Deserialize(WorkflowStateSerializer.Serialize(state));

    public void Dispose() => Services.Dispose();

    private sealed class CapturedOutput(TextWriter writer) : IStandardOutput
    {
        public TextWriter Writer { get; } = writer;
    }
}
