using System.Text.Json;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Activities.Scheduling;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Expressions;
using IntellyHub.Workflows.Flow;
using IntellyHub.Workflows.Tests.Testing;
using IntellyHub.Workflows.Validation;
using Microsoft.Extensions.DependencyInjection;
using Timer = IntellyHub.Workflows.Activities.Scheduling.Timer;

namespace IntellyHub.Workflows.Tests.Activities.Scheduling;

/// <summary>Elsa.Timer, Elsa.Cron and Elsa.StartAt: their trigger stimuli, and their waits inside a workflow (due times from the fake clock).</summary>
public sealed class TimedTriggerTests
{
    [Fact]
    public async Task Timer_MidFlow_WaitsOneIntervalThenContinues()
    {
        using var host = new WorkflowTestHost();
        var now = host.Clock.GetUtcNow();
        var workflow = new Workflow(new Sequence(new WriteLine("before"), new Timer(TimeSpan.FromSeconds(90)) { Id = "timer1" }, new WriteLine("after")));

        var first = await host.RunAsync(workflow);

        var bookmark = Assert.Single(first.Bookmarks);
        Assert.Equal("Elsa.Timer", bookmark.Name);
        Assert.Equal(now.AddSeconds(90), ResumeAt(bookmark));
        host.Clock.Advance(TimeSpan.FromSeconds(90));
        var second = await host.Runner.ResumeAsync(workflow, WorkflowTestHost.RoundTrip(first.State), bookmark.Id);
        Assert.Equal(WorkflowSubStatus.Finished, second.SubStatus);
        Assert.Equal(["before", "after"], host.Lines);
    }

    [Fact]
    public async Task Cron_MidFlow_WaitsUntilNextOccurrence()
    {
        using var host = new WorkflowTestHost();
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 8, 7, 30, TimeSpan.Zero));

        var result = await host.RunAsync(new Sequence(new Cron("0 0/15 * * * ?"), new WriteLine("after")));

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 8, 15, 0, TimeSpan.Zero), ResumeAt(Assert.Single(result.Bookmarks)));
        Assert.Empty(host.Lines);
    }

    [Fact]
    public async Task StartAt_MidFlow_WaitsUntilTheMoment_OrCompletesWhenPassed()
    {
        using var host = new WorkflowTestHost();
        var now = host.Clock.GetUtcNow();

        var future = await host.RunAsync(new Sequence(new StartAt(now.AddHours(2)), new WriteLine("after")));
        var past = await host.RunAsync(new Sequence(new StartAt(now.AddHours(-2)), new WriteLine("after")));

        Assert.Equal(now.AddHours(2), ResumeAt(Assert.Single(future.Bookmarks)));
        Assert.Equal(WorkflowSubStatus.Finished, past.SubStatus);
        Assert.Equal(["after"], host.Lines);
    }

    [Fact]
    public async Task Triggers_AsStartActivity_StartTheWorkflowAndComplete()
    {
        using var host = new WorkflowTestHost();
        var flowchart = new Flowchart { Activities = { new Cron("0 * * * * ?") { Id = "cron1" }, new WriteLine("started") { Id = "w" } } };
        flowchart.Connections.Add(new Connection("cron1", "Done", "w"));

        var result = await host.RunAsync(flowchart, new RunWorkflowOptions { TriggerActivityId = "cron1" });

        Assert.Equal(WorkflowSubStatus.Finished, result.SubStatus);
        Assert.Equal(["started"], host.Lines);
    }

    [Fact]
    public async Task TriggerStimuli_CarryScheduleAndMisfirePolicy()
    {
        using var host = new WorkflowTestHost();
        var indexer = host.Services.GetRequiredService<TriggerIndexer>();
        var at = new DateTimeOffset(2027, 1, 1, 9, 0, 0, TimeSpan.FromHours(2));

        var timer = Assert.Single(await indexer.GetTriggersAsync(new Workflow(new Timer(TimeSpan.FromSeconds(5)) { Id = "t" })));
        var cron = Assert.Single(await indexer.GetTriggersAsync(new Workflow(new Cron("*/5 * * * *") { Id = "c", MisfirePolicy = new Input<TimerMisfirePolicy>(Expression.Literal("Skip")) })));
        var startAt = Assert.Single(await indexer.GetTriggersAsync(new Workflow(new StartAt(at) { Id = "s" })));

        Assert.Equal(("Elsa.Timer", "t"), (timer.Name, timer.ActivityId));
        Assert.Equal(new TimerTriggerStimulus(TimeSpan.FromSeconds(5), TimerMisfirePolicy.RunOnce), timer.Payload.Deserialize<TimerTriggerStimulus>(StimulusHasher.PayloadOptions));
        Assert.Equal(new CronTriggerStimulus("0 */5 * * * ?", TimerMisfirePolicy.Skip), cron.Payload.Deserialize<CronTriggerStimulus>(StimulusHasher.PayloadOptions));
        Assert.Equal(at.ToUniversalTime(), startAt.Payload.Deserialize<StartAtTriggerStimulus>(StimulusHasher.PayloadOptions)!.DateTime);
    }

    [Fact]
    public async Task Timer_ZeroInterval_FaultsNamingTheInput()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Sequence(new Timer(TimeSpan.Zero)));

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Contains("Interval", Assert.Single(result.Incidents).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_InvalidCronLiteral_IsAProblemNamingTheInput()
    {
        using var host = new WorkflowTestHost();
        var definition = host.Serializer.Read("""
            {"id":"v1","definitionId":"d1","root":{"type":"Elsa.Flowchart","id":"root","activities":[
              {"type":"Elsa.Cron","id":"cron1","cronExpression":{"typeName":"String","expression":{"type":"Literal","value":"61 * * * * ?"}}}],"connections":[]}}
            """).Definition!;

        var problem = Assert.Single(host.Services.GetRequiredService<WorkflowValidator>().Validate(definition));

        Assert.Equal("cron1", problem.ActivityId);
        Assert.StartsWith("Input 'CronExpression': '61 * * * * ?' is not a valid cron expression", problem.Message, StringComparison.Ordinal);
    }

    private static DateTimeOffset ResumeAt(Bookmark bookmark) =>
        DateTimeOffset.Parse(bookmark.Metadata![Delay.ResumeAtMetadataKey], System.Globalization.CultureInfo.InvariantCulture);
}
