using IntellyHub.Activities.Http.Endpoints;
using IntellyHub.Runtime.Definitions;
using IntellyHub.Runtime.Instances;
using IntellyHub.Server.Security;
using IntellyHub.Workflows.Execution;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace IntellyHub.Server.HttpWorkflows;

/// <summary>
/// Runs a flow for an HTTP request in this process and answers it, once the run is committed: what the flow wrote with
/// <c>WriteHttpResponse</c>;
/// otherwise 202 with the instance id while the flow waits, 204 when it finished without writing, and a 500 ProblemDetails
/// naming the incident when it faulted. An endpoint's request timeout is the run's time limit: past it the run is
/// committed as interrupted and goes on from the dispatch queue, and the caller gets the 202 (a WriteHttpResponse
/// reached later faults, as its caller is gone). Also checks who may call an endpoint, and writes the ProblemDetails of
/// refusals.
/// </summary>
internal sealed partial class HttpFlowRunner(
    WorkflowRuntime runtime,
    IOptions<HttpWorkflowOptions> options,
    HttpExchangeAccessor exchanges,
    IProblemDetailsService problems,
    IAuthorizationService authorization,
    IAuthorizationPolicyProvider policies,
    ILogger<HttpFlowRunner> logger)
{
    /// <summary>The header Elsa answers with the instance id in.</summary>
    public const string InstanceIdHeader = "x-elsa-workflow-instance-id";

    /// <summary>The policy name of <see cref="HttpEndpointAccess.ApiKey"/>: an API key of any role.</summary>
    public const string ApiKeyPolicy = "http-endpoint-apikey";

    /// <summary>Starts the published version of <paramref name="definition"/> at its trigger <paramref name="activityId"/>.</summary>
    public Task StartAsync(HttpContext http, HttpEndpointRequest request, WorkflowDefinitionRecord definition, string activityId, TimeSpan? requestTimeout = null) =>
        RunAsync(http, request, async () => new FlowOutcome(await runtime.ExecuteVersionAsync(definition, new StartWorkflowRequest
        {
            TriggerActivityId = activityId,
            // Persistence off: every flow started by a request runs transient (nothing stored unless it waits or faults).
            CommitStrategy = options.Value.Persistence == HttpFlowPersistence.Off ? CommitStrategy.Transient : null,
            RunTimeLimit = requestTimeout,
        }, CancellationToken.None)));

    /// <summary>Resumes a bookmark with the request (404 when another request consumed it first).</summary>
    public Task ResumeAsync(HttpContext http, HttpEndpointRequest request, string bookmarkId, string instanceId, TimeSpan? requestTimeout = null) =>
        RunAsync(http, request, async () =>
        {
            var result = await runtime.ResumeAsync(bookmarkId, null, requestTimeout, CancellationToken.None);
            return result.Status switch
            {
                InstanceOperationStatus.Done => new FlowOutcome(result.Run),
                // Another process holds the instance: the resume was queued and runs there, without this request.
                InstanceOperationStatus.Queued => new FlowOutcome(new WorkflowRunResult(instanceId, WorkflowStatus.Running, WorkflowSubStatus.Suspended, [], [], new Dictionary<string, object?>())),
                InstanceOperationStatus.CorruptState => new FlowOutcome(null, StatusCodes.Status500InternalServerError, $"Workflow instance {instanceId} has an unusable state and was marked Faulted."),
                _ => new FlowOutcome(null, StatusCodes.Status404NotFound, "The waiting workflow was resumed by another request first."),
            };
        });

    // The flow keeps running when the caller goes away (its commit must not depend on the connection).
    private async Task RunAsync(HttpContext http, HttpEndpointRequest request, Func<Task<FlowOutcome>> run)
    {
        var writer = new ResponseWriter();
        exchanges.Current = new HttpExchange(request, writer);
        FlowOutcome outcome;
        try
        {
            outcome = await run();
        }
        finally
        {
            exchanges.Current = null;
        }

        // The flow's answer goes out once its run is committed (durable) or ended (persistence off).
        if (writer.Answer is { } answer)
        {
            if (outcome.Run is { } answered) http.Response.Headers[InstanceIdHeader] = answered.InstanceId;
            await WriteAnswerAsync(http.Response, answer);
            return;
        }

        if (outcome.Run is not { } result)
        {
            var status = outcome.RefusalStatus ?? StatusCodes.Status500InternalServerError;
            await WriteProblemAsync(http, status, status == StatusCodes.Status404NotFound ? "Not Found" : "The workflow could not run", outcome.Detail ?? "");
            return;
        }

        http.Response.Headers[InstanceIdHeader] = result.InstanceId;
        if (result.Status == WorkflowStatus.Finished && result.SubStatus == WorkflowSubStatus.Faulted)
        {
            var incident = result.Incidents.Count > 0 ? result.Incidents[^1] : null;
            LogFaulted(logger, result.InstanceId, incident?.Id, incident?.ActivityId);
            await WriteProblemAsync(http, StatusCodes.Status500InternalServerError, "The workflow faulted",
                incident is null
                    ? $"Workflow instance {result.InstanceId} faulted."
                    : $"Workflow instance {result.InstanceId} faulted in activity '{incident.ActivityId}' (incident {incident.Id}).",
                new Dictionary<string, object?> { ["workflowInstanceId"] = result.InstanceId, ["incidentId"] = incident?.Id });
            return;
        }

        if (result.Status == WorkflowStatus.Finished)
        {
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        http.Response.StatusCode = StatusCodes.Status202Accepted;
        await http.Response.WriteAsJsonAsync(new AcceptedBody(result.InstanceId), HttpWorkflowsJson.Default.AcceptedBody);
    }

    /// <summary>
    /// True when the caller may call an endpoint of <paramref name="access"/>; otherwise the 401 (not signed in) or 403
    /// (signed in, not allowed) was written.
    /// </summary>
    public async Task<bool> AuthorizeAsync(HttpContext http, string? access)
    {
        if (access is null) return true;
        var policyName = access switch
        {
            HttpEndpointAccess.SignedIn => AccessPolicies.Read,
            HttpEndpointAccess.Editor => AccessPolicies.Edit,
            HttpEndpointAccess.Admin => AccessPolicies.Admin,
            HttpEndpointAccess.ApiKey => ApiKeyPolicy,
            _ => access.StartsWith(HttpEndpointAccess.PolicyPrefix, StringComparison.Ordinal) ? access[HttpEndpointAccess.PolicyPrefix.Length..] : access,
        };
        // Flow requests skip the authentication middleware; the caller is authenticated here, when the flow needs one.
        if (http.User.Identity?.IsAuthenticated != true && await http.AuthenticateAsync() is { Succeeded: true } authenticated)
            http.User = authenticated.Principal;
        if (http.User.Identity?.IsAuthenticated != true)
        {
            await WriteProblemAsync(http, StatusCodes.Status401Unauthorized, "Unauthorized",
                "This endpoint needs a signed-in caller: send an access token (Authorization: Bearer …) or an API key (Authorization: ApiKey …).");
            return false;
        }

        var policy = await policies.GetPolicyAsync(policyName);
        if (policy is not null && (await authorization.AuthorizeAsync(http.User, resource: null, policy)).Succeeded) return true;
        await WriteProblemAsync(http, StatusCodes.Status403Forbidden, "Forbidden",
            policy is null ? $"The endpoint's policy '{policyName}' is not defined on this server." : "You may not call this endpoint.");
        return false;
    }

    /// <summary>Writes a ProblemDetails answer.</summary>
    public async Task WriteProblemAsync(HttpContext http, int status, string title, string detail, IDictionary<string, object?>? extensions = null)
    {
        http.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (extensions is not null)
            foreach (var (key, value) in extensions) problem.Extensions[key] = value;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }

    [LoggerMessage(1, LogLevel.Warning, "The HTTP-triggered workflow instance {WorkflowInstanceId} faulted (incident {IncidentId}, activity {ActivityId})")]
    private static partial void LogFaulted(ILogger logger, string workflowInstanceId, string? incidentId, string? activityId);

    private static async Task WriteAnswerAsync(HttpResponse response, HttpEndpointResponse answer)
    {
        response.StatusCode = answer.StatusCode;
        foreach (var (name, values) in answer.Headers) response.Headers[name] = values;
        if (answer.ContentType is not null) response.ContentType = answer.ContentType;
        response.ContentLength = answer.Body.Length;
        if (answer.Body.Length > 0) await response.Body.WriteAsync(answer.Body, response.HttpContext.RequestAborted);
    }

    /// <summary>Keeps the flow's response until its run is committed.</summary>
    private sealed class ResponseWriter : IHttpEndpointResponseWriter
    {
        public HttpEndpointResponse? Answer { get; private set; }

        public bool HasResponded => Answer is not null;

        public ValueTask WriteAsync(HttpEndpointResponse response, CancellationToken cancellationToken)
        {
            if (Answer is not null) throw new InvalidOperationException("The HTTP request was already answered.");
            Answer = response;
            return default;
        }
    }
}

/// <summary>What running a flow for a request gave: its result, or why nothing ran.</summary>
internal sealed record FlowOutcome(WorkflowRunResult? Run, int? RefusalStatus = null, string? Detail = null);

/// <summary>The body of a 202: the waiting instance.</summary>
internal sealed record AcceptedBody(string WorkflowInstanceId);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(AcceptedBody))]
[System.Text.Json.Serialization.JsonSerializable(typeof(WebhookInfo[]))]
internal sealed partial class HttpWorkflowsJson : System.Text.Json.Serialization.JsonSerializerContext;
