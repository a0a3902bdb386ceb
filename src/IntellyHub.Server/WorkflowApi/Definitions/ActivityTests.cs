using System.Text.Json.Nodes;
using IntellyHub.Runtime.Definitions;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Serialization;

namespace IntellyHub.Server.WorkflowApi.Definitions;

/// <summary>
/// Studio's activity "Test" tab (<c>POST /tests/activities</c>): runs one activity of a definition on its own, in memory,
/// with the definition's variables, and answers its evaluated inputs, outputs, outcomes, exception and status. Nothing is
/// stored (no instance, no journal); side effects of the activity itself do happen, as in Elsa.
/// </summary>
public static class ActivityTests
{
    /// <summary>Maps the endpoint onto the edit group (running an activity is an editor's right).</summary>
    public static RouteGroupBuilder MapActivityTests(this RouteGroupBuilder edit)
    {
        edit.MapPost("/tests/activities", TestAsync);
        return edit;
    }

    private static async Task<IResult> TestAsync(
        HttpContext http, WorkflowDefinitionService definitions, WorkflowDefinitionSerializer serializer, WorkflowRunner runner, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(http.Request, cancellationToken);
        var definitionHandle = body["workflowDefinitionHandle"] as JsonObject;
        var activityHandle = body["activityHandle"] as JsonObject;
        if (definitionHandle is null || activityHandle is null)
            return Results.Problem(title: "Invalid request", detail: "The request needs \"workflowDefinitionHandle\" and \"activityHandle\".", statusCode: StatusCodes.Status400BadRequest);

        var record = definitionHandle.Text("definitionVersionId") is { } versionId
            ? await definitions.FindByVersionIdAsync(versionId, cancellationToken)
            : definitionHandle.Text("definitionId") is { } definitionId
                ? await definitions.FindAsync(definitionId, DefinitionEndpoints.ParseVersionOptions(DefinitionEndpoints.VersionText(definitionHandle["versionOptions"]), VersionOptions.Latest) ?? VersionOptions.Latest, cancellationToken)
                : null;
        if (record is null) return ApiProblems.NotFound("Workflow definition not found.");

        var definition = serializer.Parse(record.Data);
        var graph = definition.ToWorkflow().Graph;
        var activity = (activityHandle.Text("activityNodeId") is { } nodeId ? graph.FindByNodeId(nodeId) : null)
                       ?? (activityHandle.Text("activityId") is { } activityId ? graph.Find(activityId) : null);
        if (activity is null) return ApiProblems.NotFound("Activity not found in the workflow definition.");

        // The activity alone as the root of a throw-away workflow with the definition's variables.
        var alone = new WorkflowDefinition(serializer.ReadActivity(serializer.WriteActivity(activity)), definition.Variables, definition.Document);
        var result = await runner.RunAsync(alone.ToWorkflow(), new RunWorkflowOptions { Journal = true }, cancellationToken);
        var execution = result.Journal.FirstOrDefault(r => r.ActivityId == activity.Id);
        var exception = execution?.Exception ?? result.Incidents.FirstOrDefault()?.Exception;
        return Results.Ok(new
        {
            activityState = execution?.Inputs ?? new Dictionary<string, object?>(),
            outputs = execution?.Outputs,
            payload = new { outcomes = execution?.Outcomes ?? [] },
            exception = exception is null ? null : new { type = exception.Type, message = exception.Message },
            status = execution?.Status.ToString() ?? "Pending",
        });
    }

    private static string? Text(this JsonObject json, string name) => json[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
}
