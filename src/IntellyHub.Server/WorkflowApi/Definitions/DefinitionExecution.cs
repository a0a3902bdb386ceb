using System.Text.Json.Nodes;
using IntellyHub.Runtime.Definitions;
using IntellyHub.Runtime.Instances;
using IntellyHub.Workflows;

namespace IntellyHub.Server.WorkflowApi.Definitions;

/// <summary>
/// Starting a definition from the API: <c>execute</c> runs it now and answers when it finished or waits (Studio's Run
/// button reads the instance id from <c>x-elsa-workflow-instance-id</c>); <c>dispatch</c> queues it durably and answers
/// at once. A run that faults is still a 200 with the faulted state: Elsa answers 500, but Studio replays a 5xx up to
/// three times, which would start three more instances.
/// </summary>
public static class DefinitionExecution
{
    /// <summary>The header with the started instance's id.</summary>
    public const string InstanceIdHeader = "x-elsa-workflow-instance-id";

    /// <summary>The header saying the workflow could not start.</summary>
    public const string CannotStartHeader = "x-elsa-workflow-cannot-start";

    /// <summary>Maps the endpoints onto the edit group (running a flow is an editor's right).</summary>
    public static RouteGroupBuilder MapDefinitionExecution(this RouteGroupBuilder edit)
    {
        edit.MapMethods("/workflow-definitions/{definitionId}/execute", ["GET", "POST"], ExecuteAsync);
        edit.MapPost("/workflow-definitions/{definitionId}/dispatch", DispatchAsync);
        return edit;
    }

    private static async Task<IResult> ExecuteAsync(string definitionId, HttpContext http, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        var request = await ReadRequestAsync(http, cancellationToken);
        var result = await runtime.ExecuteAsync(ToStart(definitionId, request), cancellationToken);
        http.Response.Headers[CannotStartHeader] = "false";
        http.Response.Headers[InstanceIdHeader] = result.InstanceId;
        return Results.Ok(new { workflowState = Describe(definitionId, result) });
    }

    private static async Task<IResult> DispatchAsync(string definitionId, HttpContext http, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        var request = await ReadRequestAsync(http, cancellationToken);
        var instanceId = await runtime.DispatchAsync(ToStart(definitionId, request), cancellationToken);
        http.Response.Headers[InstanceIdHeader] = instanceId;
        return Results.Ok(new DispatchResponse(instanceId));
    }

    /// <summary>The JSON body (POST) or the query (GET: <c>?input={json}&amp;correlationId=…</c>).</summary>
    private static async Task<ExecuteRequest> ReadRequestAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (!HttpMethods.IsGet(http.Request.Method)) return await JsonBody.ReadAsync<ExecuteRequest>(http.Request, WorkflowApiJson.Options, cancellationToken);

        var query = http.Request.Query;
        JsonObject? input = null;
        if (query["input"].ToString() is { Length: > 0 } text)
        {
            try
            {
                input = JsonNode.Parse(text) as JsonObject ?? throw new BadHttpRequestException("Query parameter 'input' must be a JSON object.");
            }
            catch (System.Text.Json.JsonException)
            {
                throw new BadHttpRequestException("Query parameter 'input' is not valid JSON.");
            }
        }

        return new ExecuteRequest
        {
            CorrelationId = query["correlationId"].ToString() is { Length: > 0 } correlationId ? correlationId : null,
            TriggerActivityId = query["triggerActivityId"].ToString() is { Length: > 0 } trigger ? trigger : null,
            VersionOptions = query["versionOptions"].ToString() is { Length: > 0 } options ? JsonValue.Create(options) : null,
            Input = input,
        };
    }

    private static StartWorkflowRequest ToStart(string definitionId, ExecuteRequest request)
    {
        var versionText = request.VersionOptions switch
        {
            JsonValue value => DefinitionEndpoints.VersionText(value),
            JsonObject json when json["version"] is JsonValue version && version.TryGetValue<int>(out var number) && number > 0 =>
                number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            JsonObject json when json["isLatest"] is JsonValue latest && latest.TryGetValue<bool>(out var isLatest) && isLatest => "Latest",
            _ => null,
        };

        return new StartWorkflowRequest
        {
            DefinitionId = definitionId,
            VersionOptions = DefinitionEndpoints.ParseVersionOptions(versionText, VersionOptions.Published) ?? VersionOptions.Published,
            CorrelationId = request.CorrelationId,
            InstanceId = string.IsNullOrWhiteSpace(request.InstanceId) ? null : request.InstanceId,
            TriggerActivityId = request.TriggerActivityId,
            Input = request.Input is null ? null : (Dictionary<string, object?>)ValueConverter.ToPlain(request.Input)!,
        };
    }

    /// <summary>The run's state in Elsa's shape (incidents without stack traces: those stay in the server log and journal).</summary>
    private static object Describe(string definitionId, WorkflowRunResult result) => new
    {
        id = result.InstanceId,
        definitionId,
        status = result.Status,
        subStatus = result.SubStatus,
        bookmarks = result.Bookmarks.Select(b => new { b.Id, b.Name, b.Hash, b.ActivityId, b.ActivityNodeId, b.ActivityInstanceId, b.CreatedAt }),
        incidents = result.Incidents.Select(i => new
        {
            i.ActivityId,
            i.ActivityNodeId,
            i.ActivityType,
            i.Message,
            exception = i.Exception is { } e ? new { e.Type, e.Message } : null,
            i.Timestamp,
        }),
        output = result.Output,
    };
}
