using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Server.Tests.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static IntellyHub.Server.Tests.WorkflowApi.StudioModels;

namespace IntellyHub.Server.Tests.WorkflowApi;

public sealed class SqliteDefinitionApiTests(SqliteApiServer server) : DefinitionApiTests(server), IClassFixture<SqliteApiServer>;

public sealed class PostgreSqlDefinitionApiTests(PostgreSqlApiServer server) : DefinitionApiTests(server), IClassFixture<PostgreSqlApiServer>;

/// <summary>
/// The definition half of <c>/elsa/api</c> through the real server, in the shapes Studio 3.8.2 sends and reads
/// (contract §4.1, §4.2, §5, §6). Each test uses its own definition ids on the class's shared server.
/// </summary>
public abstract class DefinitionApiTests(ApiServer server) : IDisposable
{
    private readonly HttpClient _editor = server.Editor;

    public void Dispose()
    {
        Assert.Empty(server.ServerErrors);
        GC.SuppressFinalize(this);
    }

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    [Fact]
    public async Task DesignerBoot_EveryCallStudioMakes_AnswersInTheExpectedShape()
    {
        var saved = await _editor.SaveAsync(CountingFlow(NewId("boot")));
        var definitionId = saved.Text("definitionId");

        var definition = await (await _editor.GetAsync($"{Api}/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest")).ReadObjectAsync();
        var activities = await (await _editor.GetAsync($"{Api}/descriptors/activities?Refresh=True")).ReadObjectAsync();
        var expressions = await (await _editor.GetAsync($"{Api}/descriptors/expression-descriptors")).ReadObjectAsync();
        foreach (var path in new[] { "workflow-activation-strategies", "log-persistence-strategies", "incident-strategies", "commit-strategies/workflows", "commit-strategies/activities" })
        {
            var list = await (await _editor.GetAsync($"{Api}/descriptors/{path}")).ReadObjectAsync();
            Assert.Equal(((JsonArray)list["items"]!).Count, (int)list["count"]!);
        }

        var features = await _editor.GetAsync($"{Api}/features/installed");
        var variables = await (await _editor.GetAsync($"{Api}/descriptors/variables")).ReadObjectAsync();
        var drivers = await (await _editor.GetAsync($"{Api}/descriptors/storage-drivers")).ReadObjectAsync();

        Assert.Equal(definitionId, definition.Text("definitionId"));
        Assert.Contains("publish", definition.Rels());
        Assert.Equal("Workflow1:flowchart1", definition["root"].Text("nodeId"));
        Assert.All((JsonArray)definition["root"]!["activities"]!, a => Assert.StartsWith("Workflow1:flowchart1:", a.Text("nodeId")));
        Assert.Equal("Workflow1:flowchart1:for1:add1", definition["root"]!["activities"]![1]!["body"].Text("nodeId"));
        var forDescriptor = ((JsonArray)activities["items"]!).First(d => d.Text("typeName") == "Elsa.For" && (int)d!["version"]! == 1);
        Assert.Equal("Looping", forDescriptor.Text("category"));
        Assert.Equal("Action", forDescriptor.Text("kind"));
        Assert.Contains(((JsonArray)forDescriptor!["inputs"]!), i => i!.Text("name") == "Start" && i.Text("uiHint") == "singleline");
        Assert.Contains(((JsonArray)expressions["items"]!), e => e.Text("type") == "JavaScript" && (bool)e!["isBrowsable"]!);
        Assert.Equal(HttpStatusCode.OK, features.StatusCode);
        Assert.Contains(((JsonArray)variables["items"]!), v => v.Text("typeName") == "Int32");
        Assert.Contains(((JsonArray)drivers["items"]!), d => d.Text("typeName")!.Contains("WorkflowInstanceStorageDriver"));
    }

    [Fact]
    public async Task Descriptors_OptionalCalls_AnswerWithoutErrors()
    {
        var one = await (await _editor.GetAsync($"{Api}/descriptors/activities/Elsa.For")).ReadObjectAsync();
        var options = await _editor.PostJsonAsync("/descriptors/activities/Elsa.For/options/Start", new JsonObject { ["context"] = new JsonObject() });
        var unknownInput = await _editor.PostJsonAsync("/descriptors/activities/Elsa.For/options/Nope", new JsonObject());
        var converters = await (await _editor.GetAsync($"{Api}/descriptors/output-converters?sourceType=String&destinationType=Int32")).ReadObjectAsync();
        var resilience = await (await _editor.GetAsync($"{Api}/resilience/strategies?category=Http")).ReadObjectAsync();
        var version = await (await _editor.GetAsync($"{Api}/package/version")).ReadObjectAsync();
        var feature = await _editor.GetAsync($"{Api}/features/installed/Elsa.RealTimeWorkflowUpdates");
        var incident = await (await _editor.GetAsync($"{Api}/descriptors/incident-strategies")).ReadObjectAsync();

        Assert.Equal("Elsa.For", one.Text("typeName"));
        Assert.Equal(HttpStatusCode.OK, options.StatusCode);
        Assert.NotNull((await options.ReadObjectAsync())["items"]);
        Assert.Equal(HttpStatusCode.NotFound, unknownInput.StatusCode);
        Assert.Empty((JsonArray)converters["items"]!);
        Assert.Equal(0, (int)resilience["count"]!);
        Assert.False(string.IsNullOrEmpty(version.Text("packageVersion")));
        Assert.Equal(HttpStatusCode.NotFound, feature.StatusCode);
        Assert.Contains(((JsonArray)incident["items"]!), i => i!.Text("typeName")!.Contains("ContinueWithIncidentsStrategy"));
    }

    [Fact]
    public async Task Create_LikeTheDefinitionList_AssignsIdsNodeIdsAndLinks()
    {
        var unique = await (await _editor.GetAsync($"{Api}/workflow-definitions/validation/is-name-unique?name=Workflow+{Guid.NewGuid():N}")).ReadObjectAsync();
        var response = await _editor.PostJsonAsync("/workflow-definitions", CreateRequest("Created in Studio"));
        var body = await response.ReadObjectAsync();
        var created = body["workflowDefinition"]!;

        Assert.True((bool)unique["isUnique"]!);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(created.Text("definitionId")));
        Assert.False(string.IsNullOrEmpty(created.Text("id")));
        Assert.Equal(1, (int)created["version"]!);
        Assert.Equal("Workflow1:6fb95a54cb52e9d0", created["root"].Text("nodeId"));
        Assert.Contains("publish", created.Rels());
        Assert.NotNull(created["options"]);
        Assert.IsType<JsonArray>(created["inputs"]);
        var reloaded = await (await _editor.GetAsync($"{Api}/workflow-definitions/by-definition-id/{created.Text("definitionId")}?versionOptions=Latest")).ReadObjectAsync();
        Assert.Equal(created.Text("id"), reloaded.Text("id"));
        var taken = await (await _editor.GetAsync($"{Api}/workflow-definitions/validation/is-name-unique?name=Created+in+Studio")).ReadObjectAsync();
        Assert.False((bool)taken["isUnique"]!);
    }

    [Fact]
    public async Task Save_SameModelTwice_IsIdempotent()
    {
        var first = await _editor.SaveAsync(CountingFlow(NewId("idem")));
        var second = await _editor.SaveAsync(first);
        var third = await _editor.SaveAsync(first);

        Assert.Equal(first.Text("id"), second.Text("id"));
        Assert.Equal(first.Text("id"), third.Text("id"));
        Assert.Equal(1, (int)third["version"]!);
        var versions = await (await _editor.GetAsync($"{Api}/workflow-definitions?versionOptions=AllVersions&DefinitionIds={first.Text("definitionId")}")).ReadObjectAsync();
        Assert.Equal(1, (int)versions["totalCount"]!);
    }

    [Fact]
    public async Task PublishThroughSave_ThenEdit_CreatesADraftVersion_AndHistoryListsBoth()
    {
        var definitionId = NewId("pub");
        var published = await _editor.SaveAsync(CountingFlow(definitionId), publish: true);
        var edited = published.DeepClone().AsObject();
        edited["description"] = "changed";
        var draft = await _editor.SaveAsync(edited);

        Assert.True((bool)published["isPublished"]!);
        Assert.Equal(2, (int)draft["version"]!);
        Assert.False((bool)draft["isPublished"]!);
        var history = await (await _editor.GetAsync(
            $"{Api}/workflow-definitions?versionOptions=AllVersions&Page=0&PageSize=10&DefinitionIds={definitionId}&OrderBy=Version&OrderDirection=Descending")).ReadObjectAsync();
        var items = (JsonArray)history["items"]!;
        Assert.Equal([2, 1], items.Select(i => (int)i!["version"]!));
        Assert.True((bool)items[1]!["isPublished"]!);
        var publishedOnly = await (await _editor.GetAsync($"{Api}/workflow-definitions?versionOptions=Published&DefinitionIds={definitionId}")).ReadObjectAsync();
        Assert.Equal(1, (int)publishedOnly["totalCount"]!);
        Assert.Contains("bulk-publish", publishedOnly.Rels());
    }

    [Fact]
    public async Task Execute_StudioRunOnTheDraft_StringLiteralsConvertedByTypeName_InstanceIdInHeader()
    {
        var saved = await _editor.SaveAsync(CountingFlow(NewId("run")));
        var response = await _editor.PostJsonAsync($"/workflow-definitions/{saved.Text("definitionId")}/execute",
            new JsonObject { ["correlationId"] = null, ["triggerActivityId"] = null, ["versionOptions"] = "Latest", ["input"] = new JsonObject() });
        var body = await response.ReadObjectAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var instanceId = Assert.Single(response.Headers.GetValues("x-elsa-workflow-instance-id"));
        Assert.Equal("false", Assert.Single(response.Headers.GetValues("x-elsa-workflow-cannot-start")));
        Assert.Equal(instanceId, body["workflowState"].Text("id"));
        Assert.Equal("Finished", body["workflowState"].Text("subStatus"));
        Assert.Equal(3, (int)body["workflowState"]!["output"]!["count"]!);
    }

    [Fact]
    public async Task Execute_NotPublishedWithoutVersionOptions_404()
    {
        var saved = await _editor.SaveAsync(CountingFlow(NewId("nopub")));

        var response = await _editor.PostJsonAsync($"/workflow-definitions/{saved.Text("definitionId")}/execute", new JsonObject());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Dispatch_Published_ReturnsInstanceId()
    {
        var saved = await _editor.SaveAsync(CountingFlow(NewId("disp")), publish: true);

        var response = await _editor.PostJsonAsync($"/workflow-definitions/{saved.Text("definitionId")}/dispatch", new JsonObject { ["input"] = new JsonObject { ["a"] = 1 } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.ReadObjectAsync()).Text("workflowInstanceId")));
    }

    [Fact]
    public async Task ListActions_PublishRetractRevertDelete()
    {
        var definitionId = NewId("list");
        await _editor.SaveAsync(CountingFlow(definitionId));

        var publish = await _editor.PostJsonAsync($"/workflow-definitions/{definitionId}/publish", new JsonObject());
        var publishAgain = await _editor.PostJsonAsync($"/workflow-definitions/{definitionId}/publish", new JsonObject());
        var retract = await _editor.PostJsonAsync($"/workflow-definitions/{definitionId}/retract", new JsonObject());
        var retractAgain = await _editor.PostJsonAsync($"/workflow-definitions/{definitionId}/retract", new JsonObject());
        var revert = await _editor.PostJsonAsync($"/workflow-definitions/{definitionId}/revert/1", new JsonObject());
        var revertMissing = await _editor.PostJsonAsync($"/workflow-definitions/{definitionId}/revert/9", new JsonObject());
        var versions = await (await _editor.GetAsync($"{Api}/workflow-definitions/{definitionId}/versions")).Content.ReadFromJsonAsync<JsonArray>();
        var delete = await _editor.DeleteAsync($"{Api}/workflow-definitions/{definitionId}");
        var deleteAgain = await _editor.DeleteAsync($"{Api}/workflow-definitions/{definitionId}");
        var afterDelete = await _editor.GetAsync($"{Api}/workflow-definitions/by-definition-id/{definitionId}");

        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        Assert.False((bool)(await publish.ReadObjectAsync())["alreadyPublished"]!);
        Assert.True((bool)(await publishAgain.ReadObjectAsync())["alreadyPublished"]!);
        Assert.Equal(HttpStatusCode.OK, retract.StatusCode);
        Assert.False((bool)(await retract.ReadObjectAsync())["isPublished"]!);
        Assert.Equal(HttpStatusCode.BadRequest, retractAgain.StatusCode);
        Assert.Equal(HttpStatusCode.Created, revert.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, revertMissing.StatusCode);
        Assert.NotNull(versions);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deleteAgain.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterDelete.StatusCode);
    }

    [Fact]
    public async Task BulkActions_PublishRetractDelete_ReportEachId()
    {
        string a = NewId("bulka"), b = NewId("bulkb"), missing = NewId("none");
        await _editor.SaveAsync(CountingFlow(a));
        await _editor.SaveAsync(CountingFlow(b), publish: true);
        var ids = new JsonObject { ["definitionIds"] = new JsonArray(a, b, missing) };

        var published = await (await _editor.PostJsonAsync("/bulk-actions/publish/workflow-definitions/by-definition-ids", ids.DeepClone())).ReadObjectAsync();
        var retracted = await (await _editor.PostJsonAsync("/bulk-actions/retract/workflow-definitions/by-definition-ids", ids.DeepClone())).ReadObjectAsync();
        var deleted = await (await _editor.PostJsonAsync("/bulk-actions/delete/workflow-definitions/by-definition-id", ids.DeepClone())).ReadObjectAsync();

        Assert.Equal([a], published["published"]!.AsArray().Select(n => (string)n!));
        Assert.Equal([b], published["alreadyPublished"]!.AsArray().Select(n => (string)n!));
        Assert.Equal([missing], published["notFound"]!.AsArray().Select(n => (string)n!));
        Assert.Equal([a, b], retracted["retracted"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(2, (int)deleted["deleted"]!);
    }

    [Fact]
    public async Task DeleteVersion_ByIdAndByNumber()
    {
        var definitionId = NewId("delv");
        var v1 = await _editor.SaveAsync(CountingFlow(definitionId), publish: true);
        var changed = v1.DeepClone().AsObject();
        changed["name"] = "v2";
        var v2 = await _editor.SaveAsync(changed);

        var byId = await _editor.DeleteAsync($"{Api}/workflow-definition-versions/{v2.Text("id")}");
        var latest = await (await _editor.GetAsync($"{Api}/workflow-definitions/by-definition-id/{definitionId}?versionOptions=Latest")).ReadObjectAsync();
        var byNumber = await _editor.DeleteAsync($"{Api}/workflow-definitions/{definitionId}/version/1");
        var gone = await _editor.DeleteAsync($"{Api}/workflow-definitions/{definitionId}/version/1");

        Assert.Equal(HttpStatusCode.NoContent, byId.StatusCode);
        Assert.Equal(1, (int)latest["version"]!);
        Assert.Equal(HttpStatusCode.NoContent, byNumber.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Queries_CaseInsensitiveNames_ManyById_Count_Search()
    {
        var name = $"Searchable {Guid.NewGuid():N}";
        var saved = await _editor.SaveAsync(CountingFlow(NewId("find"), name));

        var upper = await (await _editor.GetAsync($"{Api}/workflow-definitions?VERSIONOPTIONS=latest&SEARCHTERM={Uri.EscapeDataString(name.ToUpperInvariant())}&PAGESIZE=5&page=0")).ReadObjectAsync();
        var many = await (await _editor.GetAsync($"{Api}/workflow-definitions/many-by-id?ids={saved.Text("id")}")).ReadObjectAsync();
        var count = await (await _editor.GetAsync($"{Api}/workflow-definitions/query/count")).ReadObjectAsync();
        var byId = await (await _editor.GetAsync($"{Api}/workflow-definitions/by-id/{saved.Text("id")}")).ReadObjectAsync();
        var emptyVersionOptions = await (await _editor.GetAsync($"{Api}/workflow-definitions?versionOptions=&Ids={saved.Text("id")}")).ReadObjectAsync();

        Assert.Equal(saved.Text("id"), Assert.Single((JsonArray)upper["items"]!)!.Text("id"));
        Assert.Equal(1, (int)many["count"]!);
        Assert.True((int)count["count"]! >= 1);
        Assert.Equal(saved.Text("definitionId"), byId.Text("definitionId"));
        Assert.Equal(1, (int)emptyVersionOptions["totalCount"]!);
    }

    [Fact]
    public async Task JavaScriptTypeDefinitions_DeclareTheDefinitionsVariables()
    {
        var saved = await _editor.SaveAsync(CountingFlow(NewId("ts")));

        var response = await _editor.PostJsonAsync($"/scripting/javascript/type-definitions/{saved.Text("definitionId")}",
            new JsonObject { ["workflowDefinitionId"] = saved.Text("definitionId"), ["activityTypeName"] = "Elsa.SetVariable", ["propertyName"] = "Value" });
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("declare function getCount(): number;", text);
        Assert.Contains("declare function getVariable(name: string): any;", text);
    }

    [Fact]
    public async Task TestActivity_RunsOneActivityAlone_AndReportsInputsAndOutputs()
    {
        var saved = await _editor.SaveAsync(CountingFlow(NewId("atest")));

        var response = await _editor.PostJsonAsync("/tests/activities", new JsonObject
        {
            ["workflowDefinitionHandle"] = new JsonObject { ["definitionId"] = saved.Text("definitionId"), ["versionOptions"] = "Latest" },
            ["activityHandle"] = new JsonObject { ["activityId"] = "output1" },
        });
        var body = await response.ReadObjectAsync();
        var missing = await _editor.PostJsonAsync("/tests/activities", new JsonObject
        {
            ["workflowDefinitionHandle"] = new JsonObject { ["definitionId"] = saved.Text("definitionId") },
            ["activityHandle"] = new JsonObject { ["activityId"] = "nope" },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Completed", body.Text("status"));
        Assert.Equal("count", body["activityState"].Text("OutputName"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    // ---- bad input: 4xx ProblemDetails naming the problem, nothing stored changes ---------------------------------

    [Fact]
    public async Task Save_MalformedJson_400WithPosition()
    {
        var response = await _editor.PostAsync($"{Api}/workflow-definitions", new StringContent("{\"model\": {\"name\": }", Encoding.UTF8, "application/json"));
        var problem = await response.ReadObjectAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("line 1", problem.Text("detail"));
    }

    [Fact]
    public async Task Save_UnknownActivityType_400NamesIt_AndTheStoredVersionIsUnchanged()
    {
        var saved = await _editor.SaveAsync(CountingFlow(NewId("unk")));
        var broken = saved.DeepClone().AsObject();
        broken["root"]!["activities"]!.AsArray().Add(Activity("ghost1", "Acme.DoesNotExist"));

        var response = await _editor.PostJsonAsync("/workflow-definitions", SaveRequest(broken));
        var problem = await response.ReadObjectAsync();
        var stored = await (await _editor.GetAsync($"{Api}/workflow-definitions/by-definition-id/{saved.Text("definitionId")}")).ReadObjectAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Acme.DoesNotExist", problem.Text("detail"));
        Assert.Contains("ghost1", problem["errors"]!.AsObject().Select(p => p.Key));
        Assert.Equal(saved["root"]!.ToJsonString(), stored["root"]!.ToJsonString());
    }

    [Fact]
    public async Task Save_ConnectionToAMissingNode_400()
    {
        var model = CountingFlow(NewId("dang"));
        model["root"]!["connections"]!.AsArray().Add(Connection("end1", "nowhere"));

        var response = await _editor.PostJsonAsync("/workflow-definitions", SaveRequest(model));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("nowhere", (await response.ReadObjectAsync()).Text("detail"));
        Assert.Equal(HttpStatusCode.NotFound, (await _editor.GetAsync($"{Api}/workflow-definitions/by-definition-id/{model.Text("definitionId")}")).StatusCode);
    }

    [Fact]
    public async Task Save_StaleVersion_409_AndTheNewerVersionIsKept()
    {
        var v1 = await _editor.SaveAsync(CountingFlow(NewId("stale")), publish: true);
        var v2Model = v1.DeepClone().AsObject();
        v2Model["name"] = "newer";
        var v2 = await _editor.SaveAsync(v2Model);
        var staleModel = v1.DeepClone().AsObject();
        staleModel["name"] = "stale edit";

        var response = await _editor.PostJsonAsync("/workflow-definitions", SaveRequest(staleModel));
        var latest = await (await _editor.GetAsync($"{Api}/workflow-definitions/by-definition-id/{v1.Text("definitionId")}")).ReadObjectAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("latest version is 2", (await response.ReadObjectAsync()).Text("detail"));
        Assert.Equal("newer", latest.Text("name"));
        Assert.Equal(v2.Text("id"), latest.Text("id"));
    }

    [Fact]
    public async Task Save_ReplayOfASaveThatCreatedAVersion_IsNotAConflict()
    {
        var v1 = await _editor.SaveAsync(CountingFlow(NewId("replay")), publish: true);
        var edit = v1.DeepClone().AsObject();
        edit["description"] = "edited";

        var first = await _editor.SaveAsync(edit);
        var replay = await _editor.SaveAsync(edit);

        Assert.Equal(first.Text("id"), replay.Text("id"));
    }

    [Fact]
    public async Task Publish_MissingRequiredInput_DraftSaves_PublishIs400()
    {
        var model = CountingFlow(NewId("req"));
        model["root"]!["activities"]!.AsArray().Add(Activity("out2", "Elsa.SetOutput"));

        var draft = await _editor.PostJsonAsync("/workflow-definitions", SaveRequest(model));
        var publish = await _editor.PostJsonAsync("/workflow-definitions", SaveRequest(model, publish: true));
        var listPublish = await _editor.PostJsonAsync($"/workflow-definitions/{model.Text("definitionId")}/publish", new JsonObject());

        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        Assert.NotEmpty((await draft.ReadObjectAsync())["validationErrors"]!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, publish.StatusCode);
        Assert.Contains("out2", (await publish.ReadObjectAsync())["errors"]!.AsObject().Select(p => p.Key));
        Assert.Equal(HttpStatusCode.BadRequest, listPublish.StatusCode);
    }

    [Fact]
    public async Task Publish_InvalidCronExpression_Is400NamingTheInput()
    {
        var model = CountingFlow(NewId("cron"));
        model["root"]!["activities"]!.AsArray().Add(Activity("cron1", "Elsa.Cron", ("cronExpression", Wrapped("String", "Literal", "0 0 25 * * ?"))));

        var publish = await _editor.PostJsonAsync("/workflow-definitions", SaveRequest(model, publish: true));

        Assert.Equal(HttpStatusCode.BadRequest, publish.StatusCode);
        var errors = (await publish.ReadObjectAsync())["errors"]!.AsObject();
        Assert.Contains(errors["cron1"]!.AsArray(), e => e!.GetValue<string>().Contains("Input 'CronExpression': '0 0 25 * * ?' is not a valid cron expression", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"publish\": true}", "model")]
    [InlineData("[1, 2]", "JSON object")]
    [InlineData("{\"model\": {\"definitionId\": \"has space\", \"root\": {\"type\": \"Elsa.Flowchart\", \"id\": \"f\"}}}", "definitionId")]
    [InlineData("{\"model\": {\"name\": \"no root\"}}", "root")]
    public async Task Save_BadRequests_400(string body, string named)
    {
        var response = await _editor.PostAsync($"{Api}/workflow-definitions", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, (await response.ReadObjectAsync()).Text("detail"));
    }

    [Theory]
    [InlineData("/workflow-definitions?versionOptions=Newest")]
    [InlineData("/workflow-definitions?pageSize=0")]
    [InlineData("/workflow-definitions?page=abc")]
    [InlineData("/workflow-definitions?orderDirection=Sideways")]
    [InlineData("/workflow-definitions/validation/is-name-unique")]
    public async Task Queries_BadParameters_400(string path)
    {
        var response = await _editor.GetAsync(Api + path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UnknownIds_404ProblemDetails()
    {
        foreach (var path in new[] { "/workflow-definitions/by-definition-id/nope", "/workflow-definitions/by-id/nope", "/workflow-definitions/nope/export", "/descriptors/activities/Acme.Nope" })
        {
            var response = await _editor.GetAsync(Api + path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    // ---- stored types without a descriptor ----------------------------------------------------------------------

    [Fact]
    public async Task StoredActivityOfAnUninstalledType_GetsAPlaceholderDescriptor_AndIsServedUnchanged()
    {
        var saved = await _editor.SaveAsync(CountingFlow(NewId("plh")));
        var definitionId = saved.Text("definitionId")!;
        // A plugin that was removed after the definition was saved: its activity is in the stored JSON.
        await using (var scope = server.Factory.Services.CreateAsyncScope())
        {
            var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<IntellyHubDbContext>>().CreateDbContextAsync();
            var record = await db.WorkflowDefinitions.SingleAsync(d => d.DefinitionId == definitionId);
            var data = JsonNode.Parse(record.Data)!.AsObject();
            data["root"]!["activities"]!.AsArray().Add(Activity("plugin1", "Acme.Removed", ("setting", JsonValue.Create("kept"))));
            data["root"]!["activities"]![1]!["version"] = 7;
            record.Data = data.ToJsonString();
            record.UpdatedAt = record.UpdatedAt.AddSeconds(1);
            await db.SaveChangesAsync();
        }

        var descriptors = (JsonArray)(await (await _editor.GetAsync($"{Api}/descriptors/activities?Refresh=True")).ReadObjectAsync())["items"]!;
        var definition = await (await _editor.GetAsync($"{Api}/workflow-definitions/by-definition-id/{definitionId}")).ReadObjectAsync();

        var placeholder = descriptors.Single(d => d.Text("typeName") == "Acme.Removed");
        Assert.False((bool)placeholder!["isBrowsable"]!);
        Assert.Contains(descriptors, d => d.Text("typeName") == "Elsa.For" && (int)d!["version"]! == 7);
        Assert.Equal("kept", definition["root"]!["activities"]!.AsArray().Single(a => a.Text("id") == "plugin1").Text("setting"));
    }

    // ---- roles ---------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Viewer_ReadsWithoutEditLinks_AndCannotChangeOrRun()
    {
        var saved = await _editor.SaveAsync(CountingFlow(NewId("view")), publish: true);
        var definitionId = saved.Text("definitionId");

        var definition = await (await server.Viewer.GetAsync($"{Api}/workflow-definitions/by-definition-id/{definitionId}")).ReadObjectAsync();
        var list = await (await server.Viewer.GetAsync($"{Api}/workflow-definitions?versionOptions=Latest")).ReadObjectAsync();
        var save = await server.Viewer.PostJsonAsync("/workflow-definitions", SaveRequest(saved));
        var execute = await server.Viewer.PostJsonAsync($"/workflow-definitions/{definitionId}/execute", new JsonObject());
        var delete = await server.Viewer.DeleteAsync($"{Api}/workflow-definitions/{definitionId}");
        var export = await server.Viewer.GetAsync($"{Api}/workflow-definitions/{definitionId}/export");

        Assert.Empty(definition.Rels());
        Assert.Empty(list.Rels());
        Assert.Equal(HttpStatusCode.Forbidden, save.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, execute.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
    }

    [Fact]
    public async Task Anonymous_401ProblemDetails()
    {
        foreach (var response in new[]
                 {
                     await server.Anonymous.GetAsync($"{Api}/workflow-definitions"),
                     await server.Anonymous.GetAsync($"{Api}/descriptors/activities"),
                     await server.Anonymous.PostJsonAsync("/workflow-definitions", CreateRequest("x")),
                 })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    // ---- export / import -------------------------------------------------------------------------------------------

    [Fact]
    public async Task ExportThenImport_RoundTripsTheDesign_AndPublishesWhatWasPublished()
    {
        var saved = await _editor.SaveAsync(CountingFlow(NewId("exp")), publish: true);
        var definitionId = saved.Text("definitionId")!;

        var export = await _editor.GetAsync($"{Api}/workflow-definitions/{definitionId}/export?versionOptions=Published");
        var file = await export.Content.ReadAsStringAsync();
        await _editor.DeleteAsync($"{Api}/workflow-definitions/{definitionId}");
        var import = await _editor.PostAsync($"{Api}/workflow-definitions/import", new StringContent(file, Encoding.UTF8, "application/json"));
        var imported = await import.ReadObjectAsync();
        var reimport = await _editor.PostAsync($"{Api}/workflow-definitions/import", new StringContent(file, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Contains($"workflow-definition-counting-flow-{definitionId}-", export.Content.Headers.ContentDisposition?.FileName);
        Assert.Null(JsonNode.Parse(file)!["links"]);
        Assert.Equal(HttpStatusCode.Created, import.StatusCode);
        Assert.Equal(definitionId, imported.Text("definitionId"));
        Assert.True((bool)imported["isPublished"]!);
        Assert.Equal(saved["root"]!.ToJsonString(), imported["root"]!.ToJsonString());
        Assert.Equal(saved["variables"]!.ToJsonString(), imported["variables"]!.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, reimport.StatusCode);
    }

    [Fact]
    public async Task BulkExportZip_ImportFiles_AllOrNothing()
    {
        var a = await _editor.SaveAsync(CountingFlow(NewId("zipa")));
        var b = await _editor.SaveAsync(CountingFlow(NewId("zipb")));

        var zip = await _editor.PostJsonAsync("/bulk-actions/export/workflow-definitions", new JsonObject { ["ids"] = new JsonArray(a.Text("id"), b.Text("id")) });
        var zipBytes = await zip.Content.ReadAsByteArrayAsync();
        using (var archive = new ZipArchive(new MemoryStream(zipBytes)))
            Assert.Equal(2, archive.Entries.Count);
        foreach (var id in new[] { a.Text("definitionId"), b.Text("definitionId") }) await _editor.DeleteAsync($"{Api}/workflow-definitions/{id}");

        using var bad = new MultipartFormDataContent
        {
            { new ByteArrayContent(zipBytes), "files", "workflow-definitions.zip" },
            { new StringContent("{ not json"), "files", "broken.json" },
        };
        var rejected = await _editor.PostAsync($"{Api}/workflow-definitions/import-files", bad);
        var stillGone = await _editor.GetAsync($"{Api}/workflow-definitions/by-definition-id/{a.Text("definitionId")}");
        using var good = new MultipartFormDataContent { { new ByteArrayContent(zipBytes), "files", "workflow-definitions.zip" } };
        var accepted = await _editor.PostAsync($"{Api}/workflow-definitions/import-files", good);

        Assert.Equal("application/zip", zip.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Contains("broken.json", (await rejected.ReadObjectAsync())["errors"]!.AsObject().Select(p => p.Key));
        Assert.Equal(HttpStatusCode.NotFound, stillGone.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(2, (int)(await accepted.ReadObjectAsync())["count"]!);
        Assert.Equal(HttpStatusCode.OK, (await _editor.GetAsync($"{Api}/workflow-definitions/by-definition-id/{b.Text("definitionId")}")).StatusCode);
    }

    [Fact]
    public async Task Import_Elsa3ExportedFile_ImportsUnchanged()
    {
        var definitionId = NewId("elsa");
        var file = CountingFlow(definitionId, "From Elsa");
        file["id"] = "a1b2c3d4e5f60718";
        file["createdAt"] = "2026-03-01T10:00:00+00:00";
        file["toolVersion"] = "3.5.1.0";
        file["materializerName"] = "Json";
        file["customProperties"] = new JsonObject { ["VariableTestValues"] = new JsonObject() };
        file["options"] = new JsonObject { ["autoUpdateConsumingWorkflows"] = false, ["usableAsActivity"] = false };
        file["isPublished"] = false;
        file["root"]!["activities"]![0]!["customProperties"] = new JsonObject { ["canStartWorkflow"] = false, ["runAsynchronously"] = false };

        var import = await _editor.PostAsync($"{Api}/workflow-definitions/import", new StringContent(file.ToJsonString(), Encoding.UTF8, "application/json"));
        var exported = JsonNode.Parse(await (await _editor.GetAsync($"{Api}/workflow-definitions/{definitionId}/export")).Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Created, import.StatusCode);
        Assert.Equal("3.5.1.0", exported.Text("toolVersion"));
        Assert.Equal(file["customProperties"]!.ToJsonString(), exported["customProperties"]!.ToJsonString());
        Assert.Equal(file["options"]!.ToJsonString(), exported["options"]!.ToJsonString());
        Assert.False((bool)exported["root"]!["activities"]![0]!["customProperties"]!["runAsynchronously"]!);
        Assert.Equal(0, (int)exported["root"]!["activities"]![1]!["metadata"]!["designer"]!["position"]!["x"]!);
    }
}
