using System.Globalization;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Activities.Scheduling;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Expressions;
using IntellyHub.Workflows.Tests.Testing;
using Parallel = IntellyHub.Workflows.Activities.Composition.Parallel;

namespace IntellyHub.Workflows.Tests.Activities.Scheduling;

public sealed class DelayTests
{
    [Fact]
    public async Task Execute_PositiveDelay_SuspendsWithResumeAtFromClock()
    {
        using var host = new WorkflowTestHost();
        var now = host.Clock.GetUtcNow();

        var result = await host.RunAsync(new Sequence(new Delay(TimeSpan.FromMinutes(5)) { Id = "delay1" }, new WriteLine("after")));

        Assert.Equal(WorkflowSubStatus.Suspended, result.SubStatus);
        Assert.Empty(host.Lines);
        var bookmark = Assert.Single(result.Bookmarks);
        Assert.Equal("Elsa.Delay", bookmark.Name);
        Assert.Equal("delay1", bookmark.ActivityId);
        var resumeAt = DateTimeOffset.Parse(bookmark.Metadata![Delay.ResumeAtMetadataKey], CultureInfo.InvariantCulture);
        Assert.Equal(now.AddMinutes(5), resumeAt);
        Assert.Equal(now.AddMinutes(5), bookmark.GetPayload<DelayStimulus>()!.ResumeAt);
    }

    [Fact]
    public async Task Resume_WhenDue_CompletesAndContinues()
    {
        using var host = new WorkflowTestHost();
        var workflow = new Workflow(new Sequence(new Delay(TimeSpan.FromSeconds(30)) { Id = "delay1" }, new WriteLine("after")));
        var started = host.Clock.GetUtcNow();

        var first = await host.RunAsync(workflow);
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        var second = await host.Runner.ResumeAsync(workflow, WorkflowTestHost.RoundTrip(first.State), first.Bookmarks[0].Id);

        Assert.Equal(WorkflowSubStatus.Finished, second.SubStatus);
        Assert.Equal(["after"], host.Lines);
        var record = Assert.Single(second.Journal, r => r.ActivityId == "delay1");
        Assert.Equal(ActivityExecutionStatus.Completed, record.Status);
        Assert.Equal(started, record.StartedAt);
        Assert.Equal(started.AddSeconds(30), record.CompletedAt);
    }

    [Fact]
    public async Task Execute_ZeroDelay_CompletesAtOnce()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Sequence(new Delay(TimeSpan.Zero), new WriteLine("after")));

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Empty(result.Bookmarks);
        Assert.Equal(["after"], host.Lines);
    }

    [Fact]
    public async Task Execute_TimeSpanFromString_IsParsed()
    {
        using var host = new WorkflowTestHost();
        var now = host.Clock.GetUtcNow();

        var result = await host.RunAsync(new Delay { TimeSpan = new Input<TimeSpan>(Expression.Literal("01:00:00")) });

        Assert.Equal(now.AddHours(1), Assert.Single(result.Bookmarks).GetPayload<DelayStimulus>()!.ResumeAt);
    }

    [Fact]
    public async Task Execute_TwoDelays_BookmarksHashDiffer()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Parallel(new Delay(TimeSpan.FromMinutes(1)), new Delay(TimeSpan.FromMinutes(1))));

        Assert.Equal(2, result.Bookmarks.Count);
        Assert.NotEqual(result.Bookmarks[0].Hash, result.Bookmarks[1].Hash);
    }
}
