using System.Net;
using IntellyHub.Runtime.Definitions;
using IntellyHub.Server.HttpWorkflows;
using IntellyHub.Server.Tests.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static IntellyHub.Server.Tests.HttpWorkflows.HttpFlows;
using static IntellyHub.Server.Tests.WorkflowApi.StudioModels;

namespace IntellyHub.Server.Tests.HttpWorkflows;

/// <summary>
/// The route table of another replica (same database, its own definition service, so it never hears of this server's
/// changes) finds a publish and a retract by its periodic check, and only after the refresh interval.
/// </summary>
public sealed class RouteTableReplicaTests(SqliteApiServer server) : IClassFixture<SqliteApiServer>
{
    [Fact]
    public async Task AnotherReplica_SeesPublishAndRetract_AfterTheRefreshInterval()
    {
        var services = server.Factory.Services;
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var replicaDefinitions = ActivatorUtilities.CreateInstance<WorkflowDefinitionService>(services);
        var options = services.GetRequiredService<IOptions<HttpWorkflowOptions>>();
        var replica = ActivatorUtilities.CreateInstance<HttpRouteTable>(services, replicaDefinitions, clock, options);
        var id = NewId("replica");

        var before = await replica.GetAsync(CancellationToken.None);
        await server.Editor.SaveAsync(Flow(id, [], Endpoint("e", id)), publish: true);
        var soon = await replica.GetAsync(CancellationToken.None);
        await replica.PendingCheck;
        clock.Advance(options.Value.RouteRefreshInterval);
        await replica.GetAsync(CancellationToken.None);
        await replica.PendingCheck;
        var later = await replica.GetAsync(CancellationToken.None);

        Assert.Null(before.MatchEndpoint(id, "get"));
        Assert.Same(before, soon);
        Assert.NotNull(later.MatchEndpoint(id, "get"));

        using var retract = await server.Editor.PostAsync($"{Api}/workflow-definitions/{id}/retract", null);
        Assert.Equal(HttpStatusCode.OK, retract.StatusCode);
        clock.Advance(options.Value.RouteRefreshInterval);
        await replica.GetAsync(CancellationToken.None);
        await replica.PendingCheck;
        Assert.Null((await replica.GetAsync(CancellationToken.None)).MatchEndpoint(id, "get"));
    }
}
