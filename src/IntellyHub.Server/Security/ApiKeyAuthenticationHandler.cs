using System.Security.Claims;
using System.Text.Encodings.Web;
using IntellyHub.Platform.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace IntellyHub.Server.Security;

/// <summary>
/// <c>Authorization: ApiKey &lt;key&gt;</c> (as Elsa Studio sends it; <c>Bearer &lt;key&gt;</c> works too): the caller is
/// the key, with its role. Only the key's SHA-256 is looked up.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyService apiKeys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var authorization = Request.Headers.Authorization.ToString();
        var separator = authorization.IndexOf(' ', StringComparison.Ordinal);
        if (separator < 0) return AuthenticateResult.NoResult();
        var key = authorization[(separator + 1)..].Trim();
        var record = await apiKeys.FindActiveAsync(key, Context.RequestAborted);
        if (record is null) return AuthenticateResult.Fail("The API key is not valid.");

        var identity = new ClaimsIdentity(
            [
                new Claim(AuthClaims.Subject, "apikey:" + record.Id),
                new Claim(AuthClaims.Name, record.Name),
                new Claim(AuthClaims.Role, record.Role),
                new Claim(AuthClaims.Method, AuthMethods.ApiKey),
            ],
            Scheme.Name, AuthClaims.Name, AuthClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = AuthSchemes.ApiKey;
        return Task.CompletedTask;
    }
}
