using IntellyHub.Workflows.Activities.Composition;
using IntellyHub.Workflows.Activities.Primitives;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Tests.Testing;

namespace IntellyHub.Workflows.Tests.Activities.Primitives;

public sealed class FaultTests
{
    [Fact]
    public async Task Execute_WithMessage_FaultsWorkflowWithIncident()
    {
        using var host = new WorkflowTestHost();
        var fault = new Fault { Id = "fault1", Message = new("Payment declined"), Code = new("E42"), Category = new("Business"), FaultType = new("Business") };

        var result = await host.RunAsync(new Sequence(new WriteLine("before"), fault, new WriteLine("after")));

        Assert.Equal(WorkflowStatus.Finished, result.Status);
        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal(["before"], host.Lines);
        var incident = Assert.Single(result.Incidents);
        Assert.Equal("fault1", incident.ActivityId);
        Assert.Equal("Elsa.Fault", incident.ActivityType);
        Assert.Equal("Payment declined", incident.Message);
        Assert.Equal(typeof(FaultException).FullName, incident.Exception!.Type);
    }

    [Fact]
    public async Task Execute_NoMessage_UsesDefaultMessage()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Fault { Id = "fault1" });

        Assert.Equal(WorkflowSubStatus.Faulted, result.SubStatus);
        Assert.Equal("The workflow faulted.", Assert.Single(result.Incidents).Message);
    }

    [Fact]
    public async Task Execute_Always_JournalRecordIsFaultedWithException()
    {
        using var host = new WorkflowTestHost();

        var result = await host.RunAsync(new Fault { Id = "fault1", Message = new("bad") });

        var record = Assert.Single(result.Journal, r => r.ActivityId == "fault1");
        Assert.Equal(ActivityExecutionStatus.Faulted, record.Status);
        Assert.Equal("bad", record.Exception!.Message);
        Assert.Equal(host.Clock.GetUtcNow(), record.CompletedAt);
    }
}
