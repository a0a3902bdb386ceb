using IntellyHub.Runtime.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IntellyHub.Server.WorkflowApi.Instances;

/// <summary>Elsa's activity-execution endpoints (node badges, execution lists, details, call stack) and the retries stub.</summary>
internal static class ActivityExecutionEndpoints
{
    public static RouteGroupBuilder MapActivityExecutionEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/activity-executions/report", ReportAsync).WithName("GetActivityExecutionReport");
        api.MapGet("/activity-executions/list", ListAsync).WithName("ListActivityExecutions");
        api.MapGet("/activity-execution-summaries/list", ListSummariesAsync).WithName("ListActivityExecutionSummaries");
        api.MapGet("/activity-executions/count", CountAsync).WithName("CountActivityExecutions");
        api.MapGet("/activity-executions/by-id", GetByQueryAsync).WithName("GetActivityExecution");
        api.MapGet("/activity-executions/{id}/call-stack", CallStackAsync).WithName("GetActivityExecutionCallStack");
        api.MapGet("/activity-executions/{id}", GetAsync).WithName("GetActivityExecutionByRoute");

        // IntellyHub has no resilience module: no activity has retry attempts.
        api.MapGet("/resilience/retries/{activityInstanceId}", (string activityInstanceId) =>
            TypedResults.Ok(new PagedListResponse<object>([], 0))).WithName("ListActivityRetryAttempts");
        return api;
    }

    private static ProblemHttpResult ExecutionNotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Activity execution not found", detail: $"Activity execution '{id}' does not exist.");

    private static ValidationProblem Required(string field) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"{field} is required."] });

    private static async Task<Results<Ok<ActivityExecutionReportModel>, ProblemHttpResult, ValidationProblem>> ReportAsync(
        ActivityExecutionReportRequest? request, IDbContextFactory<IntellyHubDbContext> dbFactory, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.WorkflowInstanceId)) return Required("workflowInstanceId");
        var instanceId = request.WorkflowInstanceId;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.WorkflowInstances.AnyAsync(i => i.Id == instanceId, cancellationToken)) return InstanceEndpoints.NotFound(instanceId);
        return TypedResults.Ok(new ActivityExecutionReportModel(await ActivityExecutions.ReportAsync(db, instanceId, request.ActivityNodeIds, cancellationToken)));
    }

    // Query names bind case-insensitively (Studio sends WorkflowInstanceId, ActivityNodeId).
    private static async Task<Results<Ok<ListResponse<ActivityExecutionRecordModel>>, ValidationProblem>> ListAsync(
        string? workflowInstanceId, string? activityNodeId, bool? completed, IDbContextFactory<IntellyHubDbContext> dbFactory, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(workflowInstanceId)) return Required("workflowInstanceId");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await ActivityExecutions.ListAsync(db, workflowInstanceId, activityNodeId, completed, cancellationToken);
        return TypedResults.Ok(new ListResponse<ActivityExecutionRecordModel>(await ActivityExecutions.ToModelsAsync(db, rows, cancellationToken)));
    }

    private static async Task<Results<Ok<ListResponse<ActivityExecutionSummaryModel>>, ValidationProblem>> ListSummariesAsync(
        string? workflowInstanceId, string? activityNodeId, bool? completed, IDbContextFactory<IntellyHubDbContext> dbFactory, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(workflowInstanceId)) return Required("workflowInstanceId");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await ActivityExecutions.ListAsync(db, workflowInstanceId, activityNodeId, completed, cancellationToken);
        return TypedResults.Ok(new ListResponse<ActivityExecutionSummaryModel>(rows.Select(ActivityExecutions.ToSummary).ToList()));
    }

    private static async Task<Results<Ok<CountModel>, ValidationProblem>> CountAsync(
        string? workflowInstanceId, string? activityId, bool? completed, IDbContextFactory<IntellyHubDbContext> dbFactory, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(workflowInstanceId)) return Required("workflowInstanceId");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.ActivityExecutions.Where(r => r.WorkflowInstanceId == workflowInstanceId);
        if (!string.IsNullOrEmpty(activityId)) query = query.Where(r => r.ActivityId == activityId);
        if (completed is { } done) query = done ? query.Where(r => r.CompletedAt != null) : query.Where(r => r.CompletedAt == null);
        return TypedResults.Ok(new CountModel(await query.LongCountAsync(cancellationToken)));
    }

    private static Task<Results<Ok<ActivityExecutionRecordModel>, ProblemHttpResult, ValidationProblem>> GetByQueryAsync(
        string? id, IDbContextFactory<IntellyHubDbContext> dbFactory, CancellationToken cancellationToken) =>
        GetAsync(id, dbFactory, cancellationToken);

    private static async Task<Results<Ok<ActivityExecutionRecordModel>, ProblemHttpResult, ValidationProblem>> GetAsync(
        string? id, IDbContextFactory<IntellyHubDbContext> dbFactory, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(id)) return Required("id");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await ActivityExecutions.FindAsync(db, id, cancellationToken);
        if (row is null) return ExecutionNotFound(id);
        return TypedResults.Ok((await ActivityExecutions.ToModelsAsync(db, [row], cancellationToken))[0]);
    }

    private static async Task<Results<Ok<ActivityCallStackModel>, ProblemHttpResult>> CallStackAsync(
        string id, int? skip, int? take, bool? includeCrossWorkflowChain, IDbContextFactory<IntellyHubDbContext> dbFactory, CancellationToken cancellationToken)
    {
        // The journal keeps no link from a child workflow's executions to the parent execution that ran it: the chain stays in one instance.
        _ = includeCrossWorkflowChain;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await ActivityExecutions.FindAsync(db, id, cancellationToken);
        if (row is null) return ExecutionNotFound(id);
        return TypedResults.Ok(await ActivityExecutions.CallStackAsync(db, id, row, skip, take, cancellationToken));
    }
}

/// <summary>Elsa's count response: <c>{count}</c>.</summary>
public sealed record CountModel(long Count);
