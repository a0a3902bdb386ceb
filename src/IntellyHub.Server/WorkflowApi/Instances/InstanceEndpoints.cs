using IntellyHub.Runtime.Definitions;
using IntellyHub.Runtime.Instances;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IntellyHub.Server.WorkflowApi.Instances;

/// <summary>
/// The workflow-instance part of the workflow API (Elsa's routes): the instance list and viewer (instance, journal,
/// variables, execution state), activity executions, and the instance actions (cancel, delete, bulk actions,
/// export, import). Reads go straight to the database; every state change goes through the runtime.
/// </summary>
public static class InstanceEndpoints
{
    /// <summary>Maps the endpoints onto the API group.</summary>
    public static RouteGroupBuilder MapInstanceEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/workflow-instances", ListAsync).WithName("ListWorkflowInstances");
        api.MapGet("/workflow-instances", ListFromQueryAsync).WithName("ListWorkflowInstancesByQuery");
        api.MapGet("/workflow-instances/{id}", GetAsync).WithName("GetWorkflowInstance");
        api.MapGet("/workflow-instances/{id}/journal", JournalAsync).WithName("GetWorkflowInstanceJournal");
        api.MapPost("/workflow-instances/{id}/journal", FilteredJournalAsync).WithName("GetFilteredWorkflowInstanceJournal");
        api.MapGet("/workflow-instances/{id}/variables", VariablesAsync).WithName("GetWorkflowInstanceVariables");
        api.MapGet("/workflow-instances/{id}/execution-state", ExecutionStateAsync).WithName("GetWorkflowInstanceExecutionState");
        api.MapActivityExecutionEndpoints();
        api.MapInstanceActionEndpoints();
        return api;
    }

    internal static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Workflow instance not found", detail: $"Workflow instance '{id}' does not exist.");

    private static async Task<Results<Ok<PagedListResponse<WorkflowInstanceSummaryModel>>, ValidationProblem>> ListAsync(
        InstanceListRequest? request, IDbContextFactory<IntellyHubDbContext> dbFactory, CancellationToken cancellationToken)
    {
        request ??= new InstanceListRequest();
        var errors = request.Validate();
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return TypedResults.Ok(await request.ExecuteAsync(db.WorkflowInstances.AsNoTracking(), cancellationToken));
    }

    private static async Task<Results<Ok<PagedListResponse<WorkflowInstanceSummaryModel>>, ValidationProblem>> ListFromQueryAsync(
        HttpRequest http, IDbContextFactory<IntellyHubDbContext> dbFactory, CancellationToken cancellationToken)
    {
        var (request, errors) = InstanceListRequest.FromQuery(http.Query);
        foreach (var (field, messages) in request.Validate()) errors[field] = messages;
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return TypedResults.Ok(await request.ExecuteAsync(db.WorkflowInstances.AsNoTracking(), cancellationToken));
    }

    private static async Task<Results<Ok<WorkflowInstanceModel>, ProblemHttpResult>> GetAsync(
        string id, IDbContextFactory<IntellyHubDbContext> dbFactory, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.WorkflowInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        return record is null ? NotFound(id) : TypedResults.Ok(InstanceView.ToModel(record, clock.GetUtcNow()));
    }

    private static Task<Results<Ok<PagedListResponse<ExecutionLogRecordModel>>, ProblemHttpResult>> JournalAsync(
        string id, int? page, int? pageSize, int? skip, int? take, IDbContextFactory<IntellyHubDbContext> dbFactory, CancellationToken cancellationToken) =>
        ReadJournalAsync(id, null, Journal.Paging(page, pageSize, skip, take), dbFactory, cancellationToken);

    private static Task<Results<Ok<PagedListResponse<ExecutionLogRecordModel>>, ProblemHttpResult>> FilteredJournalAsync(
        string id, JournalRequest? request, int? page, int? pageSize, int? skip, int? take, IDbContextFactory<IntellyHubDbContext> dbFactory, CancellationToken cancellationToken) =>
        ReadJournalAsync(id, request?.Filter, Journal.Paging(page, pageSize, skip, take), dbFactory, cancellationToken);

    private static async Task<Results<Ok<PagedListResponse<ExecutionLogRecordModel>>, ProblemHttpResult>> ReadJournalAsync(
        string id, JournalFilter? filter, (int Skip, int Take) paging, IDbContextFactory<IntellyHubDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var journal = await Journal.ReadAsync(db, id, filter, paging.Skip, paging.Take, cancellationToken);
        return journal is null ? NotFound(id) : TypedResults.Ok(journal);
    }

    /// <summary>
    /// The variables the instance's definition declares (the workflow's and its containers'), with their current
    /// values; values of undeclared ids are listed by id when the definition version cannot be read. An instance
    /// whose state cannot be read has none.
    /// </summary>
    private static async Task<Results<Ok<ListResponse<ResolvedVariableModel>>, ProblemHttpResult>> VariablesAsync(
        string id, IDbContextFactory<IntellyHubDbContext> dbFactory, WorkflowDefinitionService definitions, WorkflowCache cache, CancellationToken cancellationToken)
    {
        WorkflowInstanceRecord? record;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            record = await db.WorkflowInstances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (record is null) return NotFound(id);
        if (StoredState.Read(record).State is not { } state) return TypedResults.Ok(new ListResponse<ResolvedVariableModel>([]));

        Workflow? workflow = null;
        try
        {
            workflow = cache.Find(record.DefinitionVersionId)
                ?? (await definitions.FindByVersionIdAsync(record.DefinitionVersionId, cancellationToken) is { } version ? cache.Get(version) : null);
        }
        catch (WorkflowDefinitionException)
        {
            // An unreadable definition: fall back to the stored values by id.
        }

        var variables = workflow is null
            ? state.Variables.Select(v => new ResolvedVariableModel(v.Key, v.Key, v.Value)).ToList()
            : workflow.Graph.Variables.Select(v => new ResolvedVariableModel(v.Id, v.Name, state.Variables.GetValueOrDefault(v.Id))).ToList();
        return TypedResults.Ok(new ListResponse<ResolvedVariableModel>(variables));
    }

    private static async Task<Results<Ok<ExecutionStateModel>, ProblemHttpResult>> ExecutionStateAsync(
        string id, IDbContextFactory<IntellyHubDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var state = await db.WorkflowInstances.AsNoTracking().Where(i => i.Id == id)
            .Select(i => new ExecutionStateModel(i.Status, i.SubStatus, i.SubStatus, i.UpdatedAt)).FirstOrDefaultAsync(cancellationToken);
        return state is null ? NotFound(id) : TypedResults.Ok(state);
    }
}
