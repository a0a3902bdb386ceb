using System.Net;
using System.Text.Json.Nodes;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Server.Tests.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static IntellyHub.Server.Tests.WorkflowApi.Instances.InstanceFlows;
using static IntellyHub.Server.Tests.WorkflowApi.StudioModels;

namespace IntellyHub.Server.Tests.WorkflowApi.Instances;

public sealed class SqliteInstanceReadApiTests(SqliteApiServer server) : InstanceReadApiTests(server), IClassFixture<SqliteApiServer>;

public sealed class PostgreSqlInstanceReadApiTests(PostgreSqlApiServer server) : InstanceReadApiTests(server), IClassFixture<PostgreSqlApiServer>;

/// <summary>
/// The read side of the instance API as the instance list and viewer of Studio 3.8.2 call it (contract §4.3, §5.6):
/// list, instance with state, journal, node badges, executions, call stack, variables, execution state. Each test
/// runs its own definitions on the class's shared server; reads use the viewer's key.
/// </summary>
public abstract class InstanceReadApiTests(ApiServer server) : IDisposable
{
    private static readonly string[] CountingNodes =
        [$"{FlowchartNode}:start1", $"{FlowchartNode}:for1", $"{FlowchartNode}:for1:add1", $"{FlowchartNode}:output1", $"{FlowchartNode}:end1"];

    private readonly HttpClient _editor = server.Editor;
    private readonly HttpClient _viewer = server.Viewer;

    public void Dispose()
    {
        Assert.Empty(server.ServerErrors);
        GC.SuppressFinalize(this);
    }

    private static JsonArray Strings(params string[] values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    [Fact]
    public async Task List_FiltersSearchOrderAndPaging_AsStudioSendsThem()
    {
        var counting = await _editor.PublishAsync(CountingFlow(NewId("list")));
        var waiting = await _editor.PublishAsync(Waiting(NewId("list-wait"), NewId("never")));
        var correlationId = NewId("corr");
        var finished = new List<string>();
        for (var i = 0; i < 3; i++) finished.Add(await _editor.RunAsync(counting, i == 1 ? correlationId : null));
        var suspended = await _editor.RunAsync(waiting);
        var both = Strings(counting, waiting);
        var today = new DateTimeOffset(TimeProvider.System.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero).ToString("O");

        var all = await _viewer.ListAsync(new JsonObject { ["definitionIds"] = both.DeepClone(), ["page"] = 0, ["pageSize"] = 10, ["orderDirection"] = "Descending" });
        var page0 = await _viewer.ListAsync(new JsonObject { ["definitionId"] = counting, ["page"] = 0, ["pageSize"] = 2, ["orderBy"] = "Created", ["orderDirection"] = "Ascending" });
        var page1 = await _viewer.ListAsync(new JsonObject { ["definitionId"] = counting, ["page"] = 1, ["pageSize"] = 2, ["orderBy"] = "Created", ["orderDirection"] = "Ascending" });
        var search = await _viewer.ListAsync(new JsonObject { ["searchTerm"] = correlationId, ["page"] = 0, ["pageSize"] = 10 });
        var searchById = await _viewer.ListAsync(new JsonObject { ["searchTerm"] = suspended, ["page"] = 0, ["pageSize"] = 10 });
        var running = await _viewer.ListAsync(new JsonObject { ["definitionIds"] = both.DeepClone(), ["statuses"] = Strings("Running") });
        var bySubStatus = await _viewer.ListAsync(new JsonObject { ["definitionIds"] = both.DeepClone(), ["subStatus"] = "Finished", ["correlationId"] = correlationId });
        var noIncidents = await _viewer.ListAsync(new JsonObject { ["definitionIds"] = both.DeepClone(), ["hasIncidents"] = false, ["version"] = 1 });
        var byName = await _viewer.ListAsync(new JsonObject { ["definitionIds"] = both.DeepClone(), ["orderBy"] = "Name", ["name"] = "FLOW" });
        var lastExecuted = await _viewer.ListAsync(new JsonObject { ["definitionIds"] = both.DeepClone(), ["orderBy"] = "LastExecuted" });
        var createdToday = await _viewer.ListAsync(new JsonObject
        {
            ["definitionIds"] = both.DeepClone(),
            ["timestampFilters"] = new JsonArray(new JsonObject { ["column"] = "createdAt", ["operator"] = "GreaterThanOrEqual", ["timestamp"] = today }),
        });
        var createdBeforeToday = await _viewer.ListAsync(new JsonObject
        {
            ["definitionIds"] = both.DeepClone(),
            ["timestampFilters"] = new JsonArray(new JsonObject { ["column"] = "CreatedAt", ["operator"] = "LessThan", ["timestamp"] = today }),
        });
        var system = await _viewer.ListAsync(new JsonObject { ["definitionIds"] = both.DeepClone(), ["isSystem"] = true });

        Assert.Equal(4, (long)all["totalCount"]!);
        var summary = all.Items().Single(i => i.Text("id") == suspended)!;
        Assert.Equal(waiting, summary.Text("definitionId"));
        Assert.Equal("Running", summary.Text("status"));
        Assert.Equal("Suspended", summary.Text("subStatus"));
        Assert.Equal("Waiting flow", summary.Text("name"));
        Assert.Equal(1, (int)summary["version"]!);
        Assert.False(string.IsNullOrEmpty(summary.Text("definitionVersionId")));
        Assert.Null(summary["workflowState"]);
        Assert.Equal(3, (long)page0["totalCount"]!);
        Assert.Equal(finished[..2], page0.Items().Select(i => i.Text("id")));
        Assert.Equal([finished[2]], page1.Items().Select(i => i.Text("id")));
        Assert.Equal([finished[1]], search.Items().Select(i => i.Text("id")));
        Assert.Equal([suspended], searchById.Items().Select(i => i.Text("id")));
        Assert.Equal([suspended], running.Items().Select(i => i.Text("id")));
        Assert.Equal([finished[1]], bySubStatus.Items().Select(i => i.Text("id")));
        Assert.Equal(4, (long)noIncidents["totalCount"]!);
        Assert.Equal(["Counting flow", "Counting flow", "Counting flow", "Waiting flow"], byName.Items().Select(i => i.Text("name")));
        Assert.Equal(4, (long)lastExecuted["totalCount"]!);
        Assert.Equal(4, (long)createdToday["totalCount"]!);
        Assert.Equal(0, (long)createdBeforeToday["totalCount"]!);
        Assert.Equal(0, (long)system["totalCount"]!);
    }

    [Fact]
    public async Task List_GetForm_QueryNamesInAnyCase()
    {
        var counting = await _editor.PublishAsync(CountingFlow(NewId("list-get")));
        for (var i = 0; i < 3; i++) await _editor.RunAsync(counting);

        var pascal = await _viewer.GetObjectAsync($"/workflow-instances?DefinitionId={counting}&Page=0&PageSize=2&OrderBy=Created&Statuses=Finished");
        var lower = await _viewer.GetObjectAsync($"/workflow-instances?definitionid={counting}&page=1&pagesize=2&substatuses=Finished,Faulted");

        Assert.Equal(3, (long)pascal["totalCount"]!);
        Assert.Equal(2, pascal.Items().Count);
        Assert.Equal(3, (long)lower["totalCount"]!);
        Assert.Single(lower.Items());
    }

    [Fact]
    public async Task List_BadRequests_400ProblemDetails()
    {
        var malformed = await _viewer.PostAsync($"{Api}/workflow-instances", new StringContent("{\"page\": ", System.Text.Encoding.UTF8, "application/json"));
        var badEnum = await _viewer.PostJsonAsync("/workflow-instances", new JsonObject { ["statuses"] = Strings("Sleeping") });
        var negativePage = await _viewer.PostJsonAsync("/workflow-instances", new JsonObject { ["page"] = -1, ["pageSize"] = 10 });
        var badColumn = await _viewer.PostJsonAsync("/workflow-instances", new JsonObject
        {
            ["timestampFilters"] = new JsonArray(new JsonObject { ["column"] = "DeletedAt", ["operator"] = "Is", ["timestamp"] = "2026-01-01T00:00:00Z" }),
        });
        var badQuery = await _viewer.GetAsync($"{Api}/workflow-instances?orderBy=Nope&pageSize=x");
        var malformedJournal = await _viewer.PostAsync($"{Api}/workflow-instances/any/journal", new StringContent("{\"filter\": [", System.Text.Encoding.UTF8, "application/json"));
        var badJournalPaging = await _viewer.GetAsync($"{Api}/workflow-instances/any/journal?skip=many");
        var malformedReport = await _viewer.PostAsync($"{Api}/activity-executions/report", new StringContent("nope", System.Text.Encoding.UTF8, "application/json"));
        var badExportFlag = await _viewer.GetAsync($"{Api}/workflow-instances/any/export?includeBookmarks=maybe");
        var badVersionOptions = await _editor.PostJsonAsync("/bulk-actions/cancel/workflow-instances", new JsonObject { ["definitionId"] = "any", ["versionOptions"] = "Sometimes" });

        foreach (var response in new[] { malformed, badEnum, negativePage, badColumn, badQuery, malformedJournal, badJournalPaging, malformedReport, badExportFlag, badVersionOptions })
            await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("timestampFilters", await badColumn.Content.ReadAsStringAsync());
        Assert.Contains("orderBy", await badQuery.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_FinishedInstance_WorkflowStateInElsaShape()
    {
        var definitionId = await _editor.PublishAsync(CountingFlow(NewId("get")));
        var instanceId = await _editor.RunAsync(definitionId, "corr-get");

        var instance = await _viewer.GetObjectAsync($"/workflow-instances/{instanceId}");
        var state = instance["workflowState"]!;

        Assert.Equal(instanceId, instance.Text("id"));
        Assert.Equal(definitionId, instance.Text("definitionId"));
        Assert.Equal(1, (int)instance["version"]!);
        Assert.Equal("Finished", instance.Text("status"));
        Assert.Equal("Finished", instance.Text("subStatus"));
        Assert.Equal("corr-get", instance.Text("correlationId"));
        Assert.Equal("Counting flow", instance.Text("name"));
        Assert.Equal(0, (int)instance["incidentCount"]!);
        Assert.False((bool)instance["isSystem"]!);
        Assert.False((bool)instance["isExecuting"]!);
        Assert.NotNull(instance.Text("finishedAt"));
        Assert.Equal(instanceId, state.Text("id"));
        Assert.Equal(definitionId, state.Text("definitionId"));
        Assert.Equal(1, (int)state["definitionVersion"]!);
        Assert.Equal("Finished", state.Text("status"));
        Assert.Equal("Finished", state.Text("subStatus"));
        Assert.Empty((JsonArray)state["bookmarks"]!);
        Assert.Empty((JsonArray)state["incidents"]!);
        Assert.Null(state["fault"]);
        Assert.Empty((JsonArray)state["completionCallbacks"]!);
        Assert.Empty((JsonArray)state["activityExecutionContexts"]!);
        Assert.IsType<JsonObject>(state["input"]);
        Assert.Equal(3, (int)state["output"]!["count"]!);
        Assert.IsType<JsonObject>(state["properties"]);
        Assert.NotNull(state.Text("createdAt"));
        Assert.NotNull(state.Text("updatedAt"));
        Assert.NotNull(state.Text("finishedAt"));
    }

    [Fact]
    public async Task Get_SuspendedAndFaultedInstances_BookmarksContextsIncidentsAndFault()
    {
        var waiting = await _editor.PublishAsync(Waiting(NewId("get-wait"), NewId("never")));
        var faulting = await _editor.PublishAsync(Faulting(NewId("get-fault")));
        var suspendedId = await _editor.RunAsync(waiting);
        var faultedId = await _editor.RunAsync(faulting);

        var suspended = (await _viewer.GetObjectAsync($"/workflow-instances/{suspendedId}"))["workflowState"]!;
        var faulted = await _viewer.GetObjectAsync($"/workflow-instances/{faultedId}");
        var faultedState = faulted["workflowState"]!;

        Assert.Equal("Suspended", suspended.Text("subStatus"));
        var bookmark = Assert.Single((JsonArray)suspended["bookmarks"]!)!;
        Assert.Equal("Elsa.Event", bookmark.Text("name"));
        Assert.Equal($"{FlowchartNode}:wait1", bookmark.Text("activityNodeId"));
        var contexts = (JsonArray)suspended["activityExecutionContexts"]!;
        var waitContext = contexts.Single(c => c.Text("scheduledActivityNodeId") == $"{FlowchartNode}:wait1")!;
        Assert.Equal(bookmark.Text("activityInstanceId"), waitContext.Text("id"));
        Assert.Equal(FlowchartNode, waitContext.Text("ownerActivityNodeId"));
        Assert.Contains((JsonArray)suspended["completionCallbacks"]!, c => c.Text("childNodeId") == $"{FlowchartNode}:wait1" && c.Text("ownerInstanceId") == waitContext.Text("parentContextId"));

        Assert.Equal("Finished", faulted.Text("status"));
        Assert.Equal("Faulted", faulted.Text("subStatus"));
        Assert.Equal(1, (int)faulted["incidentCount"]!);
        var incident = Assert.Single((JsonArray)faultedState["incidents"]!)!;
        Assert.Equal("fault1", incident.Text("activityId"));
        Assert.Equal($"{FlowchartNode}:fault1", incident.Text("activityNodeId"));
        Assert.Equal("Elsa.Fault", incident.Text("activityType"));
        Assert.Equal("boom", incident.Text("message"));
        Assert.Equal("boom", incident["exception"].Text("message"));
        Assert.False(string.IsNullOrEmpty(incident["exception"].Text("type")));
        Assert.NotNull(incident.Text("timestamp"));
        Assert.Equal("boom", faultedState["fault"].Text("message"));
        Assert.Equal("fault1", faultedState["fault"].Text("faultedActivityId"));
    }

    [Fact]
    public async Task Get_UnreadableStoredState_ShownAsFaultedNever500()
    {
        var definitionId = await _editor.PublishAsync(CountingFlow(NewId("corrupt")));
        var instanceId = await _editor.RunAsync(definitionId);
        var dbFactory = server.Factory.Services.GetRequiredService<IDbContextFactory<IntellyHubDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
            await db.WorkflowInstances.Where(i => i.Id == instanceId).ExecuteUpdateAsync(s => s.SetProperty(i => i.State, "{ not json"));

        var instance = await _viewer.GetObjectAsync($"/workflow-instances/{instanceId}");
        var journal = await _viewer.GetAsync($"{Api}/workflow-instances/{instanceId}/journal");
        var variables = await _viewer.GetObjectAsync($"/workflow-instances/{instanceId}/variables");
        var export = await _viewer.GetAsync($"{Api}/workflow-instances/{instanceId}/export");

        Assert.Equal("Finished", instance.Text("status"));
        Assert.Equal("Faulted", instance.Text("subStatus"));
        Assert.Equal("Faulted", instance["workflowState"].Text("subStatus"));
        Assert.Contains("not valid JSON", instance["workflowState"]!["fault"].Text("message"));
        Assert.True((int)instance["incidentCount"]! >= 1);
        Assert.Equal(HttpStatusCode.OK, journal.StatusCode);
        Assert.Empty(variables.Items());
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
    }

    [Fact]
    public async Task Journal_StudioViewerRequest_EveryActivityStartedAndCompleted()
    {
        var definitionId = await _editor.PublishAsync(CountingFlow(NewId("journal")));
        var instanceId = await _editor.RunAsync(definitionId);
        var studioFilter = new JsonObject { ["filter"] = new JsonObject { ["excludedActivityTypes"] = Strings("Elsa.Workflow", "Elsa.Flowchart") } };

        var studio = await _viewer.PostObjectAsync($"/workflow-instances/{instanceId}/journal?skip=0&take=110", studioFilter);
        var full = await _viewer.GetObjectAsync($"/workflow-instances/{instanceId}/journal");
        var page = await _viewer.GetObjectAsync($"/workflow-instances/{instanceId}/journal?Skip=2&Take=3");
        var completedOnly = await _viewer.PostObjectAsync($"/workflow-instances/{instanceId}/journal",
            new JsonObject { ["filter"] = new JsonObject { ["eventNames"] = Strings("Completed"), ["excludedActivityTypes"] = Strings("Elsa.Workflow") } });
        var bodyOnly = await _viewer.PostObjectAsync($"/workflow-instances/{instanceId}/journal",
            new JsonObject { ["filter"] = new JsonObject { ["activityNodeIds"] = Strings($"{FlowchartNode}:for1:add1") } });
        var byActivityId = await _viewer.PostObjectAsync($"/workflow-instances/{instanceId}/journal", new JsonObject { ["filter"] = new JsonObject { ["activityIds"] = Strings("for1") } });
        var noBody = await _viewer.PostAsync($"{Api}/workflow-instances/{instanceId}/journal", null);
        var nullBody = await _viewer.PostAsync($"{Api}/workflow-instances/{instanceId}/journal", new StringContent("null", System.Text.Encoding.UTF8, "application/json"));

        var records = studio.Items();
        Assert.Equal(14, (long)studio["totalCount"]!);
        Assert.Equal(14, records.Count);
        Assert.All(records, r => Assert.NotEqual("Elsa.Workflow", r.Text("activityType")));
        foreach (var node in CountingNodes)
        {
            var events = records.Where(r => r.Text("nodeId") == node).Select(r => r.Text("eventName")).ToList();
            var executions = node.EndsWith("add1", StringComparison.Ordinal) ? 3 : 1;
            Assert.Equal(executions, events.Count(e => e == "Started"));
            Assert.Equal(executions, events.Count(e => e == "Completed"));
        }

        Assert.Equal(($"{FlowchartNode}:start1", "Started"), (records[0].Text("nodeId"), records[0].Text("eventName")));
        Assert.Equal(($"{FlowchartNode}:end1", "Completed"), (records[^1].Text("nodeId"), records[^1].Text("eventName")));
        var sequences = records.Select(r => (long)r!["sequence"]!).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(records.Count, records.Select(r => r.Text("id")).Distinct().Count());
        var forStarted = records.First(r => r.Text("activityId") == "for1" && r.Text("eventName") == "Started")!;
        Assert.Equal("Elsa.For", forStarted.Text("activityType"));
        Assert.Equal(1, (int)forStarted["activityTypeVersion"]!);
        Assert.NotNull(forStarted["activityState"]);
        var addStarted = records.First(r => r.Text("activityId") == "add1")!;
        Assert.Equal(forStarted.Text("activityInstanceId"), addStarted.Text("parentActivityInstanceId"));
        var startCompleted = records.First(r => r.Text("activityId") == "start1" && r.Text("eventName") == "Completed")!;
        Assert.Equal("Done", startCompleted["payload"]!["Outcomes"]![0]!.GetValue<string>());

        Assert.Equal(16, (long)full["totalCount"]!);
        Assert.Equal(("Elsa.Workflow", "Started"), (full.Items()[0].Text("activityType"), full.Items()[0].Text("eventName")));
        Assert.Equal(("Elsa.Workflow", "Finished"), (full.Items()[^1].Text("activityType"), full.Items()[^1].Text("eventName")));
        Assert.Equal([2L, 3L, 4L], page.Items().Select(r => (long)r!["sequence"]!));
        Assert.Equal(7, (long)completedOnly["totalCount"]!);
        Assert.Equal(6, (long)bodyOnly["totalCount"]!);
        Assert.Equal(2, (long)byActivityId["totalCount"]!);
        Assert.Equal(16, (long)(await noBody.ReadObjectAsync())["totalCount"]!);
        Assert.Equal(16, (long)(await nullBody.ReadObjectAsync())["totalCount"]!);
    }

    [Fact]
    public async Task Report_CountsPerNode_BlockedAndFaulted()
    {
        var counting = await _editor.PublishAsync(CountingFlow(NewId("report")));
        var waiting = await _editor.PublishAsync(Waiting(NewId("report-wait"), NewId("never")));
        var faulting = await _editor.PublishAsync(Faulting(NewId("report-fault")));
        var countingId = await _editor.RunAsync(counting);
        var waitingId = await _editor.RunAsync(waiting);
        var faultedId = await _editor.RunAsync(faulting);

        var report = await _viewer.PostObjectAsync("/activity-executions/report",
            new JsonObject { ["workflowInstanceId"] = countingId, ["activityNodeIds"] = Strings([.. CountingNodes, $"{FlowchartNode}:unknown"]) });
        var blocked = await _viewer.PostObjectAsync("/activity-executions/report", new JsonObject { ["workflowInstanceId"] = waitingId, ["activityNodeIds"] = Strings($"{FlowchartNode}:wait1") });
        var faulted = await _viewer.PostObjectAsync("/activity-executions/report", new JsonObject { ["workflowInstanceId"] = faultedId });
        var unknown = await _viewer.PostJsonAsync("/activity-executions/report", new JsonObject { ["workflowInstanceId"] = "no-such-instance" });
        var missing = await _viewer.PostJsonAsync("/activity-executions/report", new JsonObject());

        var stats = ((JsonArray)report["stats"]!).ToDictionary(s => s.Text("activityNodeId")!);
        Assert.Equal(CountingNodes.Order(StringComparer.Ordinal), stats.Keys.Order(StringComparer.Ordinal));
        var add = stats[$"{FlowchartNode}:for1:add1"]!;
        Assert.Equal("add1", add.Text("activityId"));
        Assert.Equal((3L, 3L, 0L, false, false), ((long)add["startedCount"]!, (long)add["completedCount"]!, (long)add["uncompletedCount"]!, (bool)add["isBlocked"]!, (bool)add["isFaulted"]!));
        Assert.All(CountingNodes.Where(n => !n.EndsWith("add1", StringComparison.Ordinal)), n => Assert.Equal(1L, (long)stats[n]!["completedCount"]!));
        var wait = Assert.Single((JsonArray)blocked["stats"]!)!;
        Assert.Equal((1L, 0L, 1L, true), ((long)wait["startedCount"]!, (long)wait["completedCount"]!, (long)wait["uncompletedCount"]!, (bool)wait["isBlocked"]!));
        var fault = ((JsonArray)faulted["stats"]!).Single(s => s.Text("activityId") == "fault1")!;
        Assert.True((bool)fault["isFaulted"]!);
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        await AssertProblemAsync(missing, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Executions_ListSummariesByIdAndCallStack_QueryInAnyCase()
    {
        var definitionId = await _editor.PublishAsync(CountingFlow(NewId("exec")));
        var instanceId = await _editor.RunAsync(definitionId);
        var addNode = $"{FlowchartNode}:for1:add1";

        var list = await _viewer.GetObjectAsync($"/activity-executions/list?WorkflowInstanceId={instanceId}&ActivityNodeId={Uri.EscapeDataString(addNode)}");
        var lower = await _viewer.GetObjectAsync($"/activity-executions/list?workflowinstanceid={instanceId}&activitynodeid={Uri.EscapeDataString(addNode)}");
        var summaries = await _viewer.GetObjectAsync($"/activity-execution-summaries/list?WorkflowInstanceId={instanceId}&ActivityNodeId={Uri.EscapeDataString(addNode)}");
        var uncompleted = await _viewer.GetObjectAsync($"/activity-executions/list?WorkflowInstanceId={instanceId}&Completed=false");
        var allOfInstance = await _viewer.GetObjectAsync($"/activity-executions/list?WorkflowInstanceId={instanceId}");
        var count = await _viewer.GetObjectAsync($"/activity-executions/count?workflowInstanceId={instanceId}&activityId=add1");
        var items = list.Items();
        var last = items[^1]!;
        var id = last.Text("id")!;
        var byId = await _viewer.GetObjectAsync($"/activity-executions/by-id?id={Uri.EscapeDataString(id)}");
        var byRoute = await _viewer.GetObjectAsync($"/activity-executions/{Uri.EscapeDataString(id)}");
        var byBareId = await _viewer.GetObjectAsync($"/activity-executions/by-id?id={last.Text("activityInstanceId")}");
        var callStack = await _viewer.GetObjectAsync($"/activity-executions/{Uri.EscapeDataString(id)}/call-stack");
        var retries = await _viewer.GetObjectAsync($"/resilience/retries/{Uri.EscapeDataString(id)}");
        var missing = await _viewer.GetAsync($"{Api}/activity-executions/list");

        Assert.Equal(3, items.Count);
        Assert.Equal(3, (int)list["count"]!);
        Assert.Equal(items.Select(i => i.Text("id")), lower.Items().Select(i => i.Text("id")));
        Assert.Equal(items.Select(i => i.Text("id")), summaries.Items().Select(i => i.Text("id")));
        Assert.Empty(uncompleted.Items());
        Assert.Equal(7, allOfInstance.Items().Count);
        Assert.Equal(3, (long)count["count"]!);
        Assert.Equal($"{instanceId}:{last.Text("activityInstanceId")}", id);
        Assert.Equal(instanceId, last.Text("workflowInstanceId"));
        Assert.Equal("add1", last.Text("activityId"));
        Assert.Equal(addNode, last.Text("activityNodeId"));
        Assert.Equal("Elsa.SetVariable", last.Text("activityType"));
        Assert.Equal("Completed", last.Text("status"));
        Assert.False((bool)last["hasBookmarks"]!);
        Assert.NotNull(last.Text("completedAt"));
        Assert.Equal("for1", last.Text("schedulingActivityId"));
        Assert.StartsWith($"{instanceId}:", last.Text("schedulingActivityExecutionId"));
        Assert.Equal("Completed", summaries.Items()[^1].Text("status"));
        Assert.Equal(id, byId.Text("id"));
        Assert.Equal(addNode, byId.Text("activityNodeId"));
        Assert.Equal(id, byRoute.Text("id"));
        Assert.Equal(id, byBareId.Text("id"));
        Assert.Equal(id, callStack.Text("activityExecutionId"));
        Assert.Equal(2, (long)callStack["totalCount"]!);
        Assert.Equal(["for1", "add1"], callStack.Items().Select(i => i.Text("activityId")));
        Assert.Equal([0, 1], callStack.Items().Select(i => (int)i!["callStackDepth"]!));
        Assert.Empty(retries.Items());
        await AssertProblemAsync(missing, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task VariablesAndExecutionState_OfAFinishedInstance()
    {
        var definitionId = await _editor.PublishAsync(CountingFlow(NewId("vars")));
        var instanceId = await _editor.RunAsync(definitionId);

        var variables = await _viewer.GetObjectAsync($"/workflow-instances/{instanceId}/variables");
        var state = await _viewer.GetObjectAsync($"/workflow-instances/{instanceId}/execution-state");

        var variable = Assert.Single(variables.Items())!;
        Assert.Equal(1, (int)variables["count"]!);
        Assert.Equal(("count", "count", 3), (variable.Text("id"), variable.Text("name"), (int)variable["value"]!));
        Assert.Equal("Finished", state.Text("status"));
        Assert.Equal("Finished", state.Text("subStatus"));
        Assert.Equal("Finished", state.Text("workflowSubStatus"));
        Assert.NotNull(state.Text("updatedAt"));
    }

    [Fact]
    public async Task UnknownIds_404ProblemDetails()
    {
        var responses = new[]
        {
            await _viewer.GetAsync($"{Api}/workflow-instances/no-such-instance"),
            await _viewer.GetAsync($"{Api}/workflow-instances/no-such-instance/journal"),
            await _viewer.PostJsonAsync("/workflow-instances/no-such-instance/journal", new JsonObject()),
            await _viewer.GetAsync($"{Api}/workflow-instances/no-such-instance/variables"),
            await _viewer.GetAsync($"{Api}/workflow-instances/no-such-instance/execution-state"),
            await _viewer.GetAsync($"{Api}/workflow-instances/no-such-instance/export"),
            await _viewer.GetAsync($"{Api}/activity-executions/by-id?id=no-such-instance:0123456789abcdef"),
            await _viewer.GetAsync($"{Api}/activity-executions/0123456789abcdef"),
            await _viewer.GetAsync($"{Api}/activity-executions/no-such-instance:0123456789abcdef/call-stack"),
            await _editor.PostEmptyAsync("/cancel/workflow-instances/no-such-instance"),
            await _editor.DeleteAsync($"{Api}/workflow-instances/no-such-instance"),
        };

        foreach (var response in responses)
            await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }
}
