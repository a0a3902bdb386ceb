using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using IntellyHub.Runtime.Instances;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Server.Tests.Testing;
using IntellyHub.Workflows.Activities.Primitives;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static IntellyHub.Server.Tests.WorkflowApi.Instances.InstanceFlows;
using static IntellyHub.Server.Tests.WorkflowApi.StudioModels;

namespace IntellyHub.Server.Tests.WorkflowApi.Instances;

public sealed class SqliteInstanceActionApiTests(SqliteApiServer server) : InstanceActionApiTests(server), IClassFixture<SqliteApiServer>;

public sealed class PostgreSqlInstanceActionApiTests(PostgreSqlApiServer server) : InstanceActionApiTests(server), IClassFixture<PostgreSqlApiServer>;

/// <summary>
/// Cancel, delete, bulk actions, export/import and access rules of the instance API (contract §4.3 menus,
/// Elsa's routes and shapes), through the real server.
/// </summary>
public abstract class InstanceActionApiTests(ApiServer server) : IDisposable
{
    private readonly HttpClient _editor = server.Editor;
    private readonly HttpClient _viewer = server.Viewer;

    public void Dispose()
    {
        Assert.Empty(server.ServerErrors);
        GC.SuppressFinalize(this);
    }

    private static JsonArray Strings(params string[] values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    private async Task<int> CountRowsAsync(string instanceId)
    {
        var dbFactory = server.Factory.Services.GetRequiredService<IDbContextFactory<IntellyHubDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Bookmarks.CountAsync(b => b.WorkflowInstanceId == instanceId)
            + await db.ActivityExecutions.CountAsync(r => r.WorkflowInstanceId == instanceId)
            + await db.WorkflowLogs.CountAsync(r => r.WorkflowInstanceId == instanceId);
    }

    [Fact]
    public async Task Cancel_SuspendedInstance_CancelledWithoutBookmarks()
    {
        var definitionId = await _editor.PublishAsync(Waiting(NewId("cancel"), NewId("never")));
        var instanceId = await _editor.RunAsync(definitionId);

        var cancel = await _editor.PostEmptyAsync($"/cancel/workflow-instances/{instanceId}");
        var instance = await _viewer.GetObjectAsync($"/workflow-instances/{instanceId}");
        var state = await _viewer.GetObjectAsync($"/workflow-instances/{instanceId}/execution-state");
        var journal = await _viewer.GetObjectAsync($"/workflow-instances/{instanceId}/journal");
        var again = await _editor.PostEmptyAsync($"/cancel/workflow-instances/{instanceId}");

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal(("Finished", "Cancelled"), (instance.Text("status"), instance.Text("subStatus")));
        Assert.Empty((JsonArray)instance["workflowState"]!["bookmarks"]!);
        Assert.Equal("Cancelled", state.Text("workflowSubStatus"));
        Assert.Contains(journal.Items(), r => r.Text("activityId") == "wait1" && r.Text("eventName") == "Canceled");
        await AssertProblemAsync(again, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Cancel_UnreadableState_409MarkedFaulted_ThenDeletable()
    {
        var definitionId = await _editor.PublishAsync(Waiting(NewId("cancel-bad"), NewId("never")));
        var instanceId = await _editor.RunAsync(definitionId);
        var dbFactory = server.Factory.Services.GetRequiredService<IDbContextFactory<IntellyHubDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
            await db.WorkflowInstances.Where(i => i.Id == instanceId).ExecuteUpdateAsync(s => s.SetProperty(i => i.State, "[]"));

        var cancel = await _editor.PostEmptyAsync($"/cancel/workflow-instances/{instanceId}");
        var instance = await _viewer.GetObjectAsync($"/workflow-instances/{instanceId}");
        var delete = await _editor.DeleteAsync($"{Api}/workflow-instances/{instanceId}");

        await AssertProblemAsync(cancel, HttpStatusCode.Conflict);
        Assert.Equal(("Finished", "Faulted"), (instance.Text("status"), instance.Text("subStatus")));
        Assert.False(string.IsNullOrEmpty(instance["workflowState"]!["fault"].Text("message")));
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(0, await CountRowsAsync(instanceId));
    }

    [Fact]
    public async Task Delete_FinishedAndSuspended_GoneWithEverythingStored()
    {
        var counting = await _editor.PublishAsync(CountingFlow(NewId("delete")));
        var waiting = await _editor.PublishAsync(Waiting(NewId("delete-wait"), NewId("never")));
        var finishedId = await _editor.RunAsync(counting);
        var suspendedId = await _editor.RunAsync(waiting);
        Assert.True(await CountRowsAsync(suspendedId) > 0);

        var deleteFinished = await _editor.DeleteAsync($"{Api}/workflow-instances/{finishedId}");
        var deleteSuspended = await _editor.DeleteAsync($"{Api}/workflow-instances/{suspendedId}");
        var getDeleted = await _viewer.GetAsync($"{Api}/workflow-instances/{finishedId}");
        var list = await _viewer.ListAsync(new JsonObject { ["definitionIds"] = Strings(counting, waiting) });
        var executions = await _viewer.GetObjectAsync($"/activity-executions/list?WorkflowInstanceId={finishedId}");
        var again = await _editor.DeleteAsync($"{Api}/workflow-instances/{finishedId}");

        Assert.Equal(HttpStatusCode.NoContent, deleteFinished.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleteSuspended.StatusCode);
        await AssertProblemAsync(getDeleted, HttpStatusCode.NotFound);
        Assert.Equal(0, (long)list["totalCount"]!);
        Assert.Empty(executions.Items());
        Assert.Equal(0, await CountRowsAsync(finishedId));
        Assert.Equal(0, await CountRowsAsync(suspendedId));
        await AssertProblemAsync(again, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task BulkCancelAndDelete_ByIdsDefinitionAndVersion()
    {
        var eventName = NewId("never");
        var first = await _editor.PublishAsync(Waiting(NewId("bulk-a"), eventName));
        var second = await _editor.PublishAsync(Waiting(NewId("bulk-b"), eventName));
        var a1 = await _editor.RunAsync(first);
        var a2 = await _editor.RunAsync(first);
        var b1 = await _editor.RunAsync(second);
        var b2 = await _editor.RunAsync(second);
        var versionOfB = (await _viewer.GetObjectAsync($"/workflow-instances/{b1}")).Text("definitionVersionId")!;

        var byIds = await _editor.PostObjectAsync("/bulk-actions/cancel/workflow-instances", new JsonObject { ["ids"] = Strings(a1, "no-such-instance") });
        var byDefinition = await _editor.PostObjectAsync("/bulk-actions/cancel/workflow-instances", new JsonObject { ["definitionId"] = first, ["versionOptions"] = "Published" });
        var byVersion = await _editor.PostObjectAsync("/bulk-actions/cancel/workflow-instances", new JsonObject { ["definitionVersionId"] = versionOfB });
        var halfDefinition = await _editor.PostJsonAsync("/bulk-actions/cancel/workflow-instances", new JsonObject { ["definitionId"] = first });
        var statuses = new List<string?>();
        foreach (var id in new[] { a1, a2, b1, b2 })
            statuses.Add((await _viewer.GetObjectAsync($"/workflow-instances/{id}/execution-state")).Text("subStatus"));
        var deleteByDefinition = await _editor.PostObjectAsync("/bulk-actions/delete/workflow-instances", new JsonObject { ["workflowDefinitionId"] = first });
        var deleteByIds = await _editor.PostObjectAsync("/bulk-actions/delete/workflow-instances/by-id", new JsonObject { ["ids"] = Strings(b1) });
        var deleteByDefinitionIds = await _editor.PostObjectAsync("/bulk-actions/delete/workflow-instances", new JsonObject { ["workflowDefinitionIds"] = Strings(second) });
        var deleteNothingNamed = await _editor.PostJsonAsync("/bulk-actions/delete/workflow-instances", new JsonObject());

        Assert.Equal(1, (int)byIds["cancelled"]!);
        Assert.Equal(1, (int)byDefinition["cancelled"]!);
        Assert.Equal(2, (int)byVersion["cancelled"]!);
        await AssertProblemAsync(halfDefinition, HttpStatusCode.BadRequest);
        Assert.All(statuses, s => Assert.Equal("Cancelled", s));
        Assert.Equal(2, (long)deleteByDefinition["deleted"]!);
        Assert.Equal(1, (long)deleteByIds["deleted"]!);
        Assert.Equal(1, (long)deleteByDefinitionIds["deleted"]!);
        await AssertProblemAsync(deleteNothingNamed, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ExportImport_RoundTrip_JsonAndZip_SuspendedInstanceResumesAfterImport()
    {
        var eventName = NewId("go");
        var counting = await _editor.PublishAsync(CountingFlow(NewId("export")));
        var waiting = await _editor.PublishAsync(Waiting(NewId("export-wait"), eventName));
        var finishedId = await _editor.RunAsync(counting, "corr-export");
        var suspendedId = await _editor.RunAsync(waiting);
        var journalBefore = await _viewer.GetObjectAsync($"/workflow-instances/{finishedId}/journal");
        var instanceBefore = await _viewer.GetObjectAsync($"/workflow-instances/{finishedId}");

        var single = await _viewer.GetAsync($"{Api}/workflow-instances/{finishedId}/export");
        var singleBytes = await single.Content.ReadAsByteArrayAsync();
        var exported = JsonNode.Parse(singleBytes)!;
        var withoutLogs = JsonNode.Parse(await (await _viewer.GetAsync($"{Api}/workflow-instances/{finishedId}/export?includeActivityExecutionLog=false")).Content.ReadAsStringAsync())!;
        var zip = await _viewer.PostJsonAsync("/bulk-actions/export/workflow-instances", new JsonObject { ["ids"] = Strings(finishedId, suspendedId) });
        var zipBytes = await zip.Content.ReadAsByteArrayAsync();
        var none = await _viewer.PostJsonAsync("/bulk-actions/export/workflow-instances", new JsonObject { ["ids"] = Strings("no-such-instance", "nor-this-one") });

        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        Assert.Equal("application/json", single.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"workflow-instance-{finishedId}.json", single.Content.Headers.ContentDisposition?.FileNameStar ?? single.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(finishedId, exported["WorkflowState"].Text("id"));
        Assert.Equal(7, ((JsonArray)exported["ActivityExecutionRecords"]!).Count);
        Assert.Equal(2, ((JsonArray)exported["WorkflowExecutionLogRecords"]!).Count);
        Assert.Empty((JsonArray)exported["Bookmarks"]!);
        Assert.Null(withoutLogs["ActivityExecutionRecords"]);
        Assert.Equal("application/zip", zip.Content.Headers.ContentType?.MediaType);
        using (var archive = new ZipArchive(new MemoryStream(zipBytes)))
            Assert.Equal(new[] { $"workflow-instance-{finishedId}.json", $"workflow-instance-{suspendedId}.json" }.Order(), archive.Entries.Select(e => e.FullName).Order());
        Assert.Equal(HttpStatusCode.NoContent, none.StatusCode);

        // JSON file back after a delete: the same instance, journal and counters.
        Assert.Equal(HttpStatusCode.NoContent, (await _editor.DeleteAsync($"{Api}/workflow-instances/{finishedId}")).StatusCode);
        var importJson = await _editor.PostAsync($"{Api}/bulk-actions/import/workflow-instances", Files(("instance.json", singleBytes, "application/json")));
        var imported = await importJson.ReadObjectAsync();
        var instanceAfter = await _viewer.GetObjectAsync($"/workflow-instances/{finishedId}");
        var journalAfter = await _viewer.GetObjectAsync($"/workflow-instances/{finishedId}/journal");

        Assert.Equal(HttpStatusCode.OK, importJson.StatusCode);
        Assert.Equal(1, (int)imported["imported"]!);
        foreach (var field in new[] { "definitionId", "definitionVersionId", "status", "subStatus", "correlationId", "name", "createdAt", "finishedAt" })
            Assert.Equal(instanceBefore.Text(field), instanceAfter.Text(field));
        Assert.Equal(instanceBefore["workflowState"]!["output"]!.ToJsonString(), instanceAfter["workflowState"]!["output"]!.ToJsonString());
        Assert.Equal(Events(journalBefore), Events(journalAfter));

        // The zip back after deleting both: the suspended one still waits and resumes on its event.
        Assert.Equal(HttpStatusCode.NoContent, (await _editor.DeleteAsync($"{Api}/workflow-instances/{finishedId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _editor.DeleteAsync($"{Api}/workflow-instances/{suspendedId}")).StatusCode);
        var importZip = await _editor.PostAsync($"{Api}/bulk-actions/import/workflow-instances", Files(("instances.zip", zipBytes, "application/zip")));
        var zipImported = await importZip.ReadObjectAsync();
        var suspended = await _viewer.GetObjectAsync($"/workflow-instances/{suspendedId}");
        var trigger = await server.Factory.Services.GetRequiredService<WorkflowRuntime>().TriggerAsync("Elsa.Event", new EventStimulus(eventName));
        var resumed = await _viewer.GetObjectAsync($"/workflow-instances/{suspendedId}");
        var replace = await _editor.PostAsync($"{Api}/bulk-actions/import/workflow-instances", Files(("instance.json", singleBytes, "application/json")));

        Assert.Equal(2, (int)zipImported["imported"]!);
        Assert.Equal("Suspended", suspended.Text("subStatus"));
        Assert.Single((JsonArray)suspended["workflowState"]!["bookmarks"]!);
        Assert.Equal(InstanceOperationStatus.Done, Assert.Single(trigger.Resumed).Status);
        Assert.Equal("Finished", resumed.Text("subStatus"));
        Assert.Equal(HttpStatusCode.OK, replace.StatusCode);
    }

    [Fact]
    public async Task Import_BadFiles_400AndNothingImported()
    {
        var garbage = await _editor.PostAsync($"{Api}/bulk-actions/import/workflow-instances", Files(("x.json", "{ nope"u8.ToArray(), "application/json")));
        var noState = await _editor.PostAsync($"{Api}/bulk-actions/import/workflow-instances", Files(("x.json", """{"Name":"x"}"""u8.ToArray(), "application/json")));
        var noIds = await _editor.PostAsync($"{Api}/bulk-actions/import/workflow-instances", Files(("x.json", """{"WorkflowState":{"status":"Finished"}}"""u8.ToArray(), "application/json")));
        var brokenZip = await _editor.PostAsync($"{Api}/bulk-actions/import/workflow-instances", Files(("x.zip", [(byte)'P', (byte)'K', 3, 4, 0, 0, 1], "application/zip")));
        var empty = await _editor.PostAsync($"{Api}/bulk-actions/import/workflow-instances", new MultipartFormDataContent());

        foreach (var response in new[] { garbage, noState, noIds, brokenZip, empty })
            await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Access_ViewerReadsButCannotChange_AnonymousIsRejected()
    {
        var definitionId = await _editor.PublishAsync(Waiting(NewId("access"), NewId("never")));
        var instanceId = await _editor.RunAsync(definitionId);

        var viewerReads = new[]
        {
            await _viewer.PostJsonAsync("/workflow-instances", new JsonObject()),
            await _viewer.GetAsync($"{Api}/workflow-instances/{instanceId}"),
            await _viewer.GetAsync($"{Api}/workflow-instances/{instanceId}/journal"),
            await _viewer.GetAsync($"{Api}/workflow-instances/{instanceId}/export"),
        };
        var viewerChanges = new[]
        {
            await _viewer.PostEmptyAsync($"/cancel/workflow-instances/{instanceId}"),
            await _viewer.DeleteAsync($"{Api}/workflow-instances/{instanceId}"),
            await _viewer.PostJsonAsync("/bulk-actions/cancel/workflow-instances", new JsonObject { ["ids"] = Strings(instanceId) }),
            await _viewer.PostJsonAsync("/bulk-actions/delete/workflow-instances", new JsonObject { ["ids"] = Strings(instanceId) }),
            await _viewer.PostAsync($"{Api}/bulk-actions/import/workflow-instances", Files(("x.json", "{}"u8.ToArray(), "application/json"))),
        };
        var anonymous = new[]
        {
            await server.Anonymous.PostJsonAsync("/workflow-instances", new JsonObject()),
            await server.Anonymous.GetAsync($"{Api}/workflow-instances/{instanceId}"),
            await server.Anonymous.PostEmptyAsync($"/cancel/workflow-instances/{instanceId}"),
        };
        var state = await _viewer.GetObjectAsync($"/workflow-instances/{instanceId}/execution-state");

        Assert.All(viewerReads, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(viewerChanges, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.All(anonymous, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Equal("Suspended", state.Text("subStatus"));
    }

    private static MultipartFormDataContent Files(params (string Name, byte[] Content, string ContentType)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, content, contentType) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            form.Add(part, "files", name);
        }

        return form;
    }

    private static List<string> Events(JsonObject journal) =>
        journal.Items().Select(r => $"{r!["sequence"]} {r.Text("nodeId")} {r.Text("eventName")} {r.Text("activityInstanceId")}").ToList();
}
