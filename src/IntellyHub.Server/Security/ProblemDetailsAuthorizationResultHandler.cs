using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace IntellyHub.Server.Security;

/// <summary>
/// Challenges and forbids as the schemes do (status, <c>WWW-Authenticate</c>), with a ProblemDetails body:
/// 401 for a caller not signed in (or with a bad token or key), 403 for a role that may not do this.
/// </summary>
internal sealed class ProblemDetailsAuthorizationResultHandler(IProblemDetailsService problemDetails) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        await _default.HandleAsync(next, context, policy, authorizeResult);
        if (context.Response.HasStarted || !(authorizeResult.Challenged || authorizeResult.Forbidden)) return;

        var status = authorizeResult.Challenged ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
        context.Response.StatusCode = status;
        await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = authorizeResult.Challenged ? "Unauthorized" : "Forbidden",
                Detail = authorizeResult.Challenged
                    ? "Sign in (POST /api/auth/login) and send the access token (Authorization: Bearer …) or the cookie, or send an API key (Authorization: ApiKey …)."
                    : "Your role does not allow this.",
            },
        });
    }
}
