using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using IntellyHub.Runtime.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static IntellyHub.Server.Tests.HttpWorkflows.HttpFlows;
using static IntellyHub.Server.Tests.WorkflowApi.StudioModels;

namespace IntellyHub.Server.Tests.HttpWorkflows;

/// <summary>With persistence off a flow that finishes leaves nothing stored; one that waits is stored and resumes.</summary>
public sealed class PersistenceOffTests(SqliteInMemoryHttpApiServer server) : IClassFixture<SqliteInMemoryHttpApiServer>, IDisposable
{
    public void Dispose()
    {
        Assert.Empty(server.ServerErrors);
        GC.SuppressFinalize(this);
    }

    private async Task<int> InstancesOfAsync(string definitionId)
    {
        var factory = server.Factory.Services.GetRequiredService<IDbContextFactory<IntellyHubDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await db.WorkflowInstances.CountAsync(i => i.DefinitionId == definitionId);
    }

    [Fact]
    public async Task AFinishedFlow_AnswersAndIsNotStored()
    {
        var id = NewId("memory");
        await server.Editor.SaveAsync(Echo(id, id), publish: true);

        using var response = await server.Anonymous.PostAsync($"/workflows/{id}", new StringContent("""{"a":1}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"a":1}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await InstancesOfAsync(id));
    }

    [Fact]
    public async Task AWaitingFlow_IsStored_AndAnotherRequestResumesIt()
    {
        var id = NewId("memwait");
        await server.Editor.SaveAsync(Flow(id, ["decision"],
            Endpoint("start1", id, methods: ["POST"]),
            Endpoint("answer1", "'approvals/' + getWorkflowInstanceId()", methods: ["POST"], pathSyntax: "JavaScript", bindBodyTo: "decision", trigger: false),
            Response("reply1", "JavaScript", "'decision: ' + getDecision().answer")), publish: true);

        using var started = await server.Anonymous.PostAsJsonAsync($"/workflows/{id}", new { });
        var instanceId = JsonNode.Parse(await started.Content.ReadAsStringAsync()).Text("workflowInstanceId");
        var stored = await InstancesOfAsync(id);
        using var resumed = await server.Anonymous.PostAsJsonAsync($"/workflows/approvals/{instanceId}", new { answer = "yes" });

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(1, stored);
        Assert.Equal("decision: yes", await resumed.Content.ReadAsStringAsync());
        var instance = await (await server.Viewer.GetAsync($"{Api}/workflow-instances/{instanceId}")).ReadObjectAsync();
        Assert.Equal("Finished", instance.Text("subStatus"));
    }
}
