using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Flow;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Flow;

public sealed class FlowchartTests
{
    [Fact]
    public async Task Execute_NodeWithTwoInboundConnections_RunsOncePerToken()
    {
        using var host = new WorkflowTestHost();
        var flowchart = new Flowchart(
            [
                new Start { Id = "start1" },
                new FlowFork { Id = "fork1", Branches = new(["A", "B"]) },
                new WriteLine("a") { Id = "a" },
                new WriteLine("b") { Id = "b" },
                new WriteLine("merged") { Id = "merged" },
            ],
            [
                new Connection("start1", "Done", "fork1"),
                new Connection("fork1", "A", "a"),
                new Connection("fork1", "B", "b"),
                new Connection("a", "Done", "merged"),
                new Connection("b", "Done", "merged"),
            ]);

        var result = await host.RunAsync(flowchart);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(2, host.Lines.Count(l => l == "merged"));
        Assert.Equal(2, result.Journal.Count(r => r.ActivityId == "merged" && r.Status == ActivityExecutionStatus.Completed));
    }

    // decision -True-> yes -> join; -False-> no -> join; join -> merged
    private static Flowchart DecisionIntoJoin(FlowJoinMode mode) => new(
        [
            new FlowDecision(new Input<bool>(true)) { Id = "decision1" },
            new WriteLine("yes") { Id = "yes" },
            new WriteLine("no") { Id = "no" },
            new FlowJoin { Id = "join1", Mode = new Input<FlowJoinMode>(mode) },
            new WriteLine("merged") { Id = "merged" },
        ],
        [
            new Connection("decision1", "True", "yes"),
            new Connection("decision1", "False", "no"),
            new Connection("yes", "Done", "join1"),
            new Connection("no", "Done", "join1"),
            new Connection("join1", "Done", "merged"),
        ]);

    private static Workflow JoinDiamond(FlowJoinMode mode) => new(new Flowchart(
        [
            new Start { Id = "start1" },
            new FlowFork { Id = "fork1", Branches = new(["A", "B"]) },
            new WriteLine("a") { Id = "a" },
            new WriteLine("a2") { Id = "a2" },
            new Event("b-event") { Id = "bEvent" },
            new WriteLine("b") { Id = "b" },
            new FlowJoin { Id = "join1", Mode = new Input<FlowJoinMode>(mode) },
            new WriteLine("joined") { Id = "joined" },
        ],
        [
            new Connection("start1", "Done", "fork1"),
            new Connection("fork1", "A", "a"),
            new Connection("fork1", "B", "bEvent"),
            new Connection("bEvent", "Done", "b"),
            new Connection("a", "Done", "a2"),
            new Connection("a2", "Done", "join1"),
            new Connection("b", "Done", "join1"),
            new Connection("join1", "Done", "joined"),
        ]));

    [Fact]
    public async Task Join_WaitAll_RunsOnceAfterBothBranches()
    {
        using var host = new WorkflowTestHost();
        var workflow = JoinDiamond(FlowJoinMode.WaitAll);

        var first = await host.RunAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Suspended, first.SubStatus);
        Assert.Equal(["a", "a2"], host.Lines);

        var second = await host.Runner.ResumeAsync(workflow, WorkflowTestHost.RoundTrip(first.State), Assert.Single(first.Bookmarks).Id);

        Assert.Equal(WorkflowSubStatus.Finished, second.SubStatus);
        Assert.Equal(["a", "a2", "b", "joined"], host.Lines);
        Assert.Single(second.Journal, r => r.ActivityId == "join1");
    }

    [Fact]
    public async Task Join_WaitAllActive_WaitsForBranchStillWaiting()
    {
        using var host = new WorkflowTestHost();
        var workflow = JoinDiamond(FlowJoinMode.WaitAllActive);

        var first = await host.RunAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Suspended, first.SubStatus);
        Assert.DoesNotContain(first.Journal, r => r.ActivityId == "join1");

        var second = await host.Runner.ResumeAsync(workflow, WorkflowTestHost.RoundTrip(first.State), Assert.Single(first.Bookmarks).Id);

        Assert.Equal(WorkflowSubStatus.Finished, second.SubStatus);
        Assert.Equal(["a", "a2", "b", "joined"], host.Lines);
        Assert.Single(second.Journal, r => r.ActivityId == "join1");
    }

    [Fact]
    public async Task Join_WaitAllActive_AfterDecisionDoesNotWaitForBranchNotTaken()
    {
        using var host = new WorkflowTestHost();
        var result = await host.RunAsync(DecisionIntoJoin(FlowJoinMode.WaitAllActive));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["yes", "merged"], host.Lines);
    }

    [Fact]
    public async Task Join_WaitAll_AfterDecisionNeverRunsButFlowchartCompletes()
    {
        using var host = new WorkflowTestHost();
        var result = await host.RunAsync(DecisionIntoJoin(FlowJoinMode.WaitAll));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["yes"], host.Lines);
    }

    [Fact]
    public async Task Join_WaitAny_RunsOnceOnFirstBranchAndCancelsOtherWaitingActivity()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(JoinDiamond(FlowJoinMode.WaitAny));

        // The event ran (and waited) while branch A was still on its way to the join.
        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Empty(result.Bookmarks);
        Assert.Empty(result.State.Bookmarks);
        Assert.Equal(["a", "a2", "joined"], host.Lines);
        Assert.Single(result.Journal, r => r.ActivityId == "join1");
        Assert.Equal(ActivityExecutionStatus.Canceled, Assert.Single(result.Journal, r => r.ActivityId == "bEvent").Status);
    }

    [Fact]
    public async Task Join_WaitAnyInLoop_EachRoundRunsJoinOnce()
    {
        using var host = new WorkflowTestHost();
        var counter = new Variable("c", "Counter", "Int32", "0");
        var workflow = new Workflow(new Flowchart(
            [
                new Start { Id = "start1" },
                new FlowDecision(Input<bool>.JavaScript("getCounter() < 2")) { Id = "decision1" },
                new FlowFork { Id = "fork1", Branches = new(["A", "B"]) },
                new WriteLine("a") { Id = "a" },
                new WriteLine("b") { Id = "b" },
                new FlowJoin { Id = "join1", Mode = new Input<FlowJoinMode>(FlowJoinMode.WaitAny) },
                new SetVariable(counter, Input<object?>.JavaScript("getCounter() + 1")) { Id = "inc" },
            ],
            [
                new Connection("start1", "Done", "decision1"),
                new Connection("decision1", "True", "fork1"),
                new Connection("fork1", "A", "a"),
                new Connection("fork1", "B", "b"),
                new Connection("a", "Done", "join1"),
                new Connection("b", "Done", "join1"),
                new Connection("join1", "Done", "inc"),
                new Connection("inc", "Done", "decision1"),
            ])) { Variables = [counter] };

        var result = await host.RunAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(2, result.Context!.GetVariable("Counter"));
        Assert.Equal(2, result.Journal.Count(r => r.ActivityId == "join1"));
    }

    [Fact]
    public async Task Execute_BackwardConnectionLoop_RunsNTimes()
    {
        using var host = new WorkflowTestHost();
        var counter = new Variable("c", "Counter", "Int32", "0");
        var workflow = new Workflow(new Flowchart(
            [
                new Start { Id = "start1" },
                new FlowDecision(Input<bool>.JavaScript("getCounter() < 4")) { Id = "decision1" },
                new SetVariable(counter, Input<object?>.JavaScript("getCounter() + 1")) { Id = "inc" },
                new WriteLine(Input<string>.JavaScript("'round ' + getCounter()")) { Id = "write1" },
                new WriteLine("exit") { Id = "exit" },
            ],
            [
                new Connection("start1", "Done", "decision1"),
                new Connection("decision1", "True", "inc"),
                new Connection("inc", "Done", "write1"),
                new Connection("write1", "Done", "decision1"),
                new Connection("decision1", "False", "exit"),
            ])) { Variables = [counter] };

        var result = await host.RunAsync(workflow);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["round 1", "round 2", "round 3", "round 4", "exit"], host.Lines);
        Assert.Equal(5, result.Journal.Count(r => r.ActivityId == "decision1"));
        Assert.Equal(4, result.Context!.GetVariable("Counter"));
    }

    [Fact]
    public async Task End_WhileOtherBranchWaits_TerminatesFlowchartAndRemovesBookmark()
    {
        using var host = new WorkflowTestHost();
        var flowchart = new Flowchart(
            [
                new Start { Id = "start1" },
                new FlowFork { Id = "fork1", Branches = new(["Wait", "Stop"]) },
                new Event("never") { Id = "event1" },
                new WriteLine("after event") { Id = "afterEvent" },
                new End { Id = "end1" },
            ],
            [
                new Connection("start1", "Done", "fork1"),
                new Connection("fork1", "Wait", "event1"),
                new Connection("event1", "Done", "afterEvent"),
                new Connection("fork1", "Stop", "end1"),
            ]);

        var result = await host.RunAsync(flowchart);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Empty(result.Bookmarks);
        Assert.Empty(result.State.Bookmarks);
        Assert.Empty(host.Lines);
        Assert.Equal(ActivityExecutionStatus.Canceled, Assert.Single(result.Journal, r => r.ActivityId == "event1").Status);
    }

    [Fact]
    public async Task Execute_UnconnectedOutcome_BranchJustEnds()
    {
        using var host = new WorkflowTestHost();
        var flowchart = new Flowchart(
            [
                new Start { Id = "start1" },
                new FlowFork { Id = "fork1", Branches = new(["A", "B"]) },
                new FlowDecision(new Input<bool>(true)) { Id = "decision1" },
                new WriteLine("other branch") { Id = "write1" },
                new WriteLine("false only") { Id = "write2" },
            ],
            [
                new Connection("start1", "Done", "fork1"),
                new Connection("fork1", "A", "decision1"),
                new Connection("fork1", "B", "write1"),
                new Connection("decision1", "False", "write2"),
            ]);

        var result = await host.RunAsync(flowchart);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["other branch"], host.Lines);
        Assert.Empty(result.Bookmarks);
        Assert.DoesNotContain(result.Journal, r => r.Status is ActivityExecutionStatus.Running or ActivityExecutionStatus.Suspended);
    }

    [Fact]
    public async Task Start_ElsaStartPresent_IsPreferredOverActivitiesWithoutInbound()
    {
        using var host = new WorkflowTestHost();
        var flowchart = new Flowchart(
            [new WriteLine("no inbound") { Id = "loose" }, new WriteLine("from start") { Id = "w1" }, new Start { Id = "start1" }],
            [new Connection("start1", "Done", "w1")]);

        var result = await host.RunAsync(flowchart);

        Assert.Equal(["from start"], host.Lines);
        Assert.Equal("start1", flowchart.FindStartActivity()!.Id);
        Assert.DoesNotContain(result.Journal, r => r.ActivityId == "loose");
    }

    [Fact]
    public async Task Start_NoElsaStart_FirstActivityWithoutInboundRuns()
    {
        using var host = new WorkflowTestHost();
        var flowchart = new Flowchart(
            [new WriteLine("second") { Id = "w2" }, new WriteLine("first") { Id = "w1" }],
            [new Connection("w1", "Done", "w2")]);

        var result = await host.RunAsync(flowchart);

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["first", "second"], host.Lines);
        Assert.Equal("w1", flowchart.FindStartActivity()!.Id);
    }

    [Fact]
    public async Task Start_NoActivities_CompletesAtOnce()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Flowchart());

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
    }

    [Fact]
    public async Task Execute_ConnectionWithoutPort_FollowsDone()
    {
        using var host = new WorkflowTestHost();
        var flowchart = new Flowchart(
            [new Start { Id = "start1" }, new WriteLine("via null port") { Id = "w1" }],
            [new Connection("start1", null, "w1")]);

        await host.RunAsync(flowchart);

        Assert.Equal(["via null port"], host.Lines);
    }
}
