using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Branching;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Activities.Branching;

public sealed class IfTests
{
    [Fact]
    public async Task Execute_ConditionTrue_RunsThenAndRecordsResult()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new If(new Input<bool>(true), new WriteLine("then"), new WriteLine("else")) { Id = "if1" });

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["then"], host.Lines);
        var record = Assert.Single(result.Journal, r => r.ActivityId == "if1");
        Assert.Equal(true, record.Outputs["Result"]);
        Assert.Equal(ActivityExecutionStatus.Completed, record.Status);
    }

    [Fact]
    public async Task Execute_ConditionFalse_RunsElse()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new If(new Input<bool>(false), new WriteLine("then"), new WriteLine("else")) { Id = "if1" });

        Assert.Equal(["else"], host.Lines);
        Assert.Equal(false, Assert.Single(result.Journal, r => r.ActivityId == "if1").Outputs["Result"]);
    }

    [Fact]
    public async Task Execute_JavaScriptCondition_EvaluatedAgainstInput()
    {
        using var host = new WorkflowTestHost();

        await host.RunAsync(
            new If(Input<bool>.JavaScript("getInput('age') >= 18"), new WriteLine("adult"), new WriteLine("minor")),
            new RunWorkflowOptions { Input = new Dictionary<string, object?> { ["age"] = 12 } });

        Assert.Equal(["minor"], host.Lines);
    }

    [Fact]
    public async Task Execute_BranchMissing_CompletesAndContinues()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Sequence(new If(new Input<bool>(false), new WriteLine("then")), new WriteLine("next")));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["next"], host.Lines);
    }

    [Fact]
    public async Task Execute_BranchWaits_IfCompletesOnlyAfterBranchResumes()
    {
        using var host = new WorkflowTestHost();
        var workflow = new Workflow(new Sequence(new If(new Input<bool>(true), new Event("go")) { Id = "if1" }, new WriteLine("after if")));

        var first = await host.RunAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Suspended, first.SubStatus);
        Assert.Equal(ActivityExecutionStatus.Running, Assert.Single(first.Journal, r => r.ActivityId == "if1").Status);

        var second = await host.Runner.ResumeAsync(workflow, WorkflowTestHost.RoundTrip(first.State), first.Bookmarks[0].Id);

        Assert.Equal(WorkflowSubStatus.Finished, second.SubStatus);
        Assert.Equal(["after if"], host.Lines);
    }
}
