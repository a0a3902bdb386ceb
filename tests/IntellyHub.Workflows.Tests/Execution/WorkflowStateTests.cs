using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.State;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Execution;

public sealed class WorkflowStateTests
{
    private static Workflow Build() => new(new Sequence(new Event("go") { Id = "event1" }, new WriteLine("after")) { Id = "seq1" });

    [Fact]
    public async Task Resume_NodeIdNotInDefinition_ThrowsWorkflowStateException()
    {
        using var host = new WorkflowTestHost();
        var workflow = Build();
        var state = WorkflowTestHost.RoundTrip((await host.RunAsync(workflow)).State);
        var waiting = state.ActivityExecutionContexts.Single(c => c.ScheduledActivityNodeId.EndsWith(":event1", StringComparison.Ordinal));
        waiting.ScheduledActivityNodeId = "Workflow1:seq1:removed";

        var exception = await Assert.ThrowsAsync<WorkflowStateException>(() => host.Runner.ResumeAsync(workflow, state, state.Bookmarks[0].Id));

        Assert.Contains("Workflow1:seq1:removed", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_DefinitionChangedSoNodeMissing_ThrowsWorkflowStateException()
    {
        using var host = new WorkflowTestHost();
        var state = (await host.RunAsync(Build())).State;
        var changed = new Workflow(new Sequence(new Event("go") { Id = "renamedEvent" }, new WriteLine("after")) { Id = "seq1" });

        await Assert.ThrowsAsync<WorkflowStateException>(() => host.Runner.ResumeAsync(changed, state, state.Bookmarks[0].Id));
    }

    [Fact]
    public async Task Cancel_UnknownParentExecution_ThrowsWorkflowStateException()
    {
        using var host = new WorkflowTestHost();
        var workflow = Build();
        var state = WorkflowTestHost.RoundTrip((await host.RunAsync(workflow)).State);
        state.ActivityExecutionContexts.Last().ParentContextId = "ghost";

        await Assert.ThrowsAsync<WorkflowStateException>(() => host.Runner.CancelAsync(workflow, state));
    }

    [Fact]
    public void Deserialize_NotJson_ThrowsWorkflowStateException()
    {
        Assert.Throws<WorkflowStateException>(() => WorkflowStateSerializer.Deserialize("{ not json"));
    }

    [Fact]
    public void Deserialize_Null_ThrowsWorkflowStateException()
    {
        Assert.Throws<WorkflowStateException>(() => WorkflowStateSerializer.Deserialize("null"));
    }
}
