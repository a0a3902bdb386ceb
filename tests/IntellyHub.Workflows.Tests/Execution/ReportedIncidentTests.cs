using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Serialization;
using IntellyHub.Workflows.Tests.Testing;
using IntellyHub.Workflows.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace IntellyHub.Workflows.Tests.Execution;

/// <summary>An activity that records incidents of failures it retries itself, and checks its literal inputs.</summary>
[Activity("Tests.RetriesItself")]
public sealed class RetriesItself : Activity, IValidatingActivity
{
    [Input]
    public Input<int> Attempts { get; set; } = new(1);

    public IEnumerable<string> Validate(LiteralInputs inputs)
    {
        if (inputs.TryGet(Attempts, out var attempts) && attempts < 1) yield return $"Input 'Attempts' ({attempts}) must be at least 1.";
    }

    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        for (var i = 0; i < context.Get(Attempts); i++) context.RecordIncident(new TimeoutException($"attempt {i + 1} timed out"));
        context.CreateBookmark("retry", OnRetryAsync);
        return default;
    }

    private ValueTask OnRetryAsync(ActivityExecutionContext context) => context.CompleteAsync();
}

public sealed class ReportedIncidentTests
{
    [Fact]
    public async Task A_recorded_incident_is_kept_and_the_activity_goes_on()
    {
        using var host = new WorkflowTestHost(hub => hub.AddActivity<RetriesItself>());

        var workflow = new Workflow(new RetriesItself { Id = "r1", Attempts = new Input<int>(2) });
        var result = await host.RunAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Suspended, result.SubStatus);
        Assert.Equal(["attempt 1 timed out", "attempt 2 timed out"], result.Incidents.Select(i => i.Message));
        Assert.All(result.Incidents, i => Assert.Equal("r1", i.ActivityId));
        var resumed = await host.Runner.ResumeAsync(workflow, WorkflowTestHost.RoundTrip(result.State), Assert.Single(result.Bookmarks).Id);
        Assert.Equal(WorkflowSubStatus.Finished, resumed.SubStatus);
        Assert.Equal(2, resumed.Incidents.Count);
    }

    [Fact]
    public void Literal_inputs_an_activity_rejects_are_validation_problems()
    {
        using var host = new WorkflowTestHost(hub => hub.AddActivity<RetriesItself>());
        var definition = host.Serializer.Parse("""
            { "root": { "type": "Elsa.Flowchart", "version": 1, "id": "flow1", "activities": [
              { "type": "Tests.RetriesItself", "version": 1, "id": "bad", "attempts": { "typeName": "Int32", "expression": { "type": "Literal", "value": "0" } } },
              { "type": "Tests.RetriesItself", "version": 1, "id": "computed", "attempts": { "typeName": "Int32", "expression": { "type": "JavaScript", "value": "0" } } } ],
              "connections": [] } }
            """);

        var problems = host.Services.GetRequiredService<WorkflowValidator>().Validate(definition);

        var problem = Assert.Single(problems);
        Assert.Equal(("bad", WorkflowProblemCodes.InvalidValue, "Input 'Attempts' (0) must be at least 1."), (problem.ActivityId, problem.Code, problem.Message));
    }
}
