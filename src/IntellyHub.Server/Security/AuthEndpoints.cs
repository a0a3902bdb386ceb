using System.Security.Claims;
using IntellyHub.Platform.Sessions;
using IntellyHub.Platform.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Options;

namespace IntellyHub.Server.Security;

/// <summary><c>{email, password}</c> for <c>POST /api/auth/login</c>.</summary>
public sealed record LoginRequest(string? Email, string? Password);

/// <summary><c>{refreshToken}</c> for refresh and logout; without it the refresh cookie is used.</summary>
public sealed record RefreshRequest(string? RefreshToken);

/// <summary>
/// A sign-in: the bearer access token and the refresh token (both null when they were set as cookies instead),
/// and when each expires.
/// </summary>
public sealed record TokenResponse(string? AccessToken, string? RefreshToken, string TokenType, DateTimeOffset ExpiresAt, int ExpiresIn, DateTimeOffset RefreshTokenExpiresAt);

/// <summary>Who is calling: the user (id, email) or the API key (id, name), the role, and how they signed in (bearer, cookie, apiKey).</summary>
public sealed record MeResponse(string Id, string? Email, string Name, string Role, string AuthMethod);

/// <summary>
/// <c>/api/auth</c>: login (anonymous), refresh (anonymous; rotates the refresh token), logout (anonymous: the
/// refresh token is the proof; revokes it and clears the cookies), me (any role).
/// With <c>?useCookie=true</c> login puts the tokens in HttpOnly SameSite=Strict cookies instead of the body; the
/// access cookie then authenticates every same-origin call, and refresh/logout read the refresh cookie.
/// </summary>
internal static class AuthEndpoints
{
    private const string InvalidCredentials = "Invalid email or password";

    public static void Map(IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Authentication");
        auth.MapPost("/login", LoginAsync).AllowAnonymous();
        auth.MapPost("/refresh", RefreshAsync).AllowAnonymous();
        auth.MapPost("/logout", LogoutAsync).AllowAnonymous();
        auth.MapGet("/me", Me).RequireAuthorization(AccessPolicies.Read);
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest? request, bool? useCookie, HttpContext context, UserAccounts users, SessionIssuer sessions, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request?.Email)) errors["email"] = ["The email is required."];
        if (string.IsNullOrEmpty(request?.Password)) errors["password"] = ["The password is required."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var user = await users.SignInAsync(request!.Email, request.Password, cancellationToken);
        if (user is null) return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: InvalidCredentials);
        return TypedResults.Ok(await sessions.StartAsync(user, context.Response, useCookie == true, cancellationToken));
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> RefreshAsync(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] RefreshRequest? request, HttpContext context,
        RefreshTokenService refreshTokens, SessionIssuer sessions, IOptions<AuthOptions> options, CancellationToken cancellationToken)
    {
        var fromCookie = string.IsNullOrEmpty(request?.RefreshToken);
        var token = fromCookie ? context.Request.Cookies[AuthCookies.RefreshCookie] : request!.RefreshToken;
        var rotated = await refreshTokens.RotateAsync(token, options.Value.RefreshTokenLifetime, cancellationToken);
        if (rotated is not { } session)
        {
            if (fromCookie) AuthCookies.Clear(context.Response);
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid refresh token",
                detail: "The refresh token is unknown, expired, revoked or already used: sign in again.");
        }

        return TypedResults.Ok(await sessions.ContinueAsync(session.User, session.Token, context.Response, fromCookie, cancellationToken));
    }

    private static async Task<NoContent> LogoutAsync(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] RefreshRequest? request, HttpContext context,
        RefreshTokenService refreshTokens, CancellationToken cancellationToken)
    {
        await refreshTokens.RevokeAsync(request?.RefreshToken, cancellationToken);
        await refreshTokens.RevokeAsync(context.Request.Cookies[AuthCookies.RefreshCookie], cancellationToken);
        AuthCookies.Clear(context.Response);
        return TypedResults.NoContent();
    }

    private static Ok<MeResponse> Me(ClaimsPrincipal user) => TypedResults.Ok(new MeResponse(
        user.FindFirstValue(AuthClaims.Subject) ?? "",
        user.FindFirstValue(AuthClaims.Email),
        user.FindFirstValue(AuthClaims.Name) ?? "",
        user.FindFirstValue(AuthClaims.Role) ?? "",
        user.FindFirstValue(AuthClaims.Method) ?? ""));
}

/// <summary>Starts and continues sessions: an access token with a refresh token, in the body or in the cookies.</summary>
internal sealed class SessionIssuer(AccessTokenIssuer accessTokens, RefreshTokenService refreshTokens, IOptions<AuthOptions> options, TimeProvider clock)
{
    public async Task<TokenResponse> StartAsync(UserRecord user, HttpResponse response, bool useCookie, CancellationToken cancellationToken)
    {
        var refresh = await refreshTokens.IssueAsync(user.Id, options.Value.RefreshTokenLifetime, cancellationToken);
        return await ContinueAsync(user, refresh, response, useCookie, cancellationToken);
    }

    public async Task<TokenResponse> ContinueAsync(UserRecord user, IssuedRefreshToken refresh, HttpResponse response, bool useCookie, CancellationToken cancellationToken)
    {
        var (access, expiresAt) = await accessTokens.IssueAsync(user, cancellationToken);
        var expiresIn = (int)(expiresAt - clock.GetUtcNow()).TotalSeconds;
        if (!useCookie) return new TokenResponse(access, refresh.Token, "Bearer", expiresAt, expiresIn, refresh.ExpiresAt);

        // The tokens go in HttpOnly cookies only: scripts of the page never see them.
        AuthCookies.Set(response, access, expiresAt, refresh.Token, refresh.ExpiresAt);
        return new TokenResponse(null, null, "Cookie", expiresAt, expiresIn, refresh.ExpiresAt);
    }
}
