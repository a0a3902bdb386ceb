using System.Text.Json;
using IntellyHub.Runtime.Definitions;
using IntellyHub.Runtime.Instances;
using IntellyHub.Server.WorkflowApi.Definitions;
using IntellyHub.Workflows.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace IntellyHub.Server.Errors;

/// <summary>
/// Turns an exception into a ProblemDetails response with the status it means. Client errors carry the
/// exception's message; anything else is a 500 with a generic text (the exception goes to the log, never to the client).
/// </summary>
internal sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>Nginx's "client closed request": the client went away before the response.</summary>
    public const int StatusClientClosedRequest = 499;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            WorkflowNotFoundException => (StatusCodes.Status404NotFound, "Workflow not found"),
            WorkflowDefinitionConflictException => (StatusCodes.Status409Conflict, "Conflicting change"),
            DefinitionRejectedException rejected => (StatusCodes.Status400BadRequest, rejected.Message),
            // Two writers raced for the same row or unique key (e.g. two saves creating the same version): retryable.
            DbUpdateException => (StatusCodes.Status409Conflict, "Conflicting change"),
            WorkflowDefinitionException => (StatusCodes.Status400BadRequest, "Invalid workflow definition"),
            JsonException => (StatusCodes.Status400BadRequest, "Invalid JSON"),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request"),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => (StatusClientClosedRequest, "Client closed request"),
            _ => (StatusCodes.Status500InternalServerError, "An unexpected error occurred"),
        };

        if (status >= StatusCodes.Status500InternalServerError) LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        httpContext.Response.StatusCode = status;
        if (status == StatusClientClosedRequest) return true;

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = title,
                Detail = exception switch
                {
                    DefinitionRejectedException rejected => string.Join(" ", rejected.Problems.Select(p => p.ToString())),
                    DbUpdateException => "Another request changed the same data at the same time; repeat the request.",
                    _ when status < StatusCodes.Status500InternalServerError => exception.Message,
                    _ => null,
                },
                Extensions = exception is DefinitionRejectedException { Problems: var problems } ? DefinitionValidation.Extensions(problems) : new Dictionary<string, object?>(),
            },
        });
    }

    [LoggerMessage(2200, LogLevel.Error, "Unhandled exception in {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
