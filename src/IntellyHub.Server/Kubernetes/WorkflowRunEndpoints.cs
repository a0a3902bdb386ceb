using System.Text.Json;
using IntellyHub.Activities.Kubernetes.Workflows;
using IntellyHub.Runtime.Definitions;
using IntellyHub.Runtime.Persistence;
using IntellyHub.Workflows;
using IntellyHub.Workflows.Execution;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IntellyHub.Extensions;

/// <summary>
/// What the executor of <c>IntellyHub.RunWorkflowInKubernetes</c> calls, authorised by its one-time run token alone (no
/// user, no API key): read the published definition it is to run, and post the child's result, which resumes the waiting
/// parent and uses the token up. A token is valid while its parent waits; anything else is 401.
/// </summary>
public static class WorkflowRunEndpoints
{
    private const string InvalidToken = "Invalid run token";

    /// <summary>Maps <c>GET /api/kubernetes/runs/{definitionId}/definition</c> and <c>POST …/result</c>.</summary>
    public static WebApplication MapKubernetesRunEndpoints(this WebApplication app)
    {
        var runs = app.MapGroup("/api/kubernetes/runs").WithTags("Kubernetes").AllowAnonymous();
        runs.MapGet("/{definitionId}/definition", GetDefinitionAsync);
        runs.MapPost("/{definitionId}/result", PostResultAsync);
        return app;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetDefinitionAsync(
        string definitionId, HttpContext context, IDbContextFactory<IntellyHubDbContext> dbFactory, WorkflowDefinitionService definitions, CancellationToken cancellationToken)
    {
        if (Stimulus(context, definitionId) is not { } stimulus) return Unauthorized();
        var hash = StimulusHasher.Hash(WorkflowRunCallbackStimulus.Name, stimulus);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.Bookmarks.AnyAsync(b => b.Name == WorkflowRunCallbackStimulus.Name && b.Hash == hash, cancellationToken)) return Unauthorized();
        }

        var definition = await definitions.FindAsync(definitionId, VersionOptions.Published, cancellationToken);
        return definition is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Workflow not found", detail: $"No published version of workflow definition '{definitionId}' exists.")
            : TypedResults.Content(definition.Data, "application/json");
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> PostResultAsync(
        string definitionId, WorkflowRunResultBody? body, HttpContext context, IStimulusSender stimuli, CancellationToken cancellationToken)
    {
        if (Stimulus(context, definitionId) is not { } stimulus) return Unauthorized();
        if (body is null || string.IsNullOrWhiteSpace(body.SubStatus))
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid result", detail: "The body must be a JSON object with 'subStatus' (and 'output', 'error').");
        var input = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["subStatus"] = body.SubStatus,
            ["output"] = body.Output is { } output ? ValueConverter.ToPlain(output) : null,
            ["error"] = body.Error,
        };
        var queued = await stimuli.SendAsync(WorkflowRunCallbackStimulus.Name, stimulus, input, cancellationToken);
        return queued > 0 ? TypedResults.Accepted((string?)null) : Unauthorized();
    }

    private static WorkflowRunCallbackStimulus? Stimulus(HttpContext context, string definitionId) =>
        context.Request.Headers[WorkflowRunProtocol.TokenHeader].ToString() is { Length: >= 32 } token ? WorkflowRunCallbackStimulus.For(token, definitionId) : null;

    private static ProblemHttpResult Unauthorized() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: InvalidToken,
            detail: "The run token is missing, unknown or already used.");
}

/// <summary>A child flow's result as the executor posts it.</summary>
public sealed record WorkflowRunResultBody(string? SubStatus, JsonElement? Output, string? Error);
