using System.Security.Claims;
using IntellyHub.Platform.Users;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace IntellyHub.Server.Security;

/// <summary>
/// The two JWT schemes: <see cref="AuthSchemes.Bearer"/> reads the Authorization header, <see cref="AuthSchemes.Cookie"/>
/// the access cookie. A valid token also needs its user to exist and be enabled; the role is the user's current one,
/// so a role change or disabling takes effect at once.
/// </summary>
internal sealed class JwtBearerSetup(IOptions<AuthOptions> options, AccessTokenSigningKey signingKey, TimeProvider clock) : IConfigureNamedOptions<JwtBearerOptions>
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, JwtBearerOptions jwt)
    {
        if (name is not (AuthSchemes.Bearer or AuthSchemes.Cookie)) return;
        var fromCookie = name == AuthSchemes.Cookie;
        var settings = options.Value;
        jwt.MapInboundClaims = false;
        jwt.TimeProvider = clock;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidAudience = settings.Audience,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            IssuerSigningKeyResolver = (_, _, _, _) => signingKey.Current is { } key ? [key] : [],
            RequireExpirationTime = true,
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return expires is { } end && now < end + ClockSkew && (notBefore is not { } start || now + ClockSkew >= start);
            },
            NameClaimType = AuthClaims.Email,
            RoleClaimType = AuthClaims.Role,
        };
        jwt.Events = new JwtBearerEvents
        {
            OnMessageReceived = async context =>
            {
                if (fromCookie) context.Token = context.Request.Cookies[AuthCookies.AccessCookie];
                // The key is loaded (once) only when there is a token to check: requests without one never touch the database.
                var hasToken = fromCookie
                    ? !string.IsNullOrEmpty(context.Token)
                    : context.Request.Headers.Authorization.ToString().StartsWith(AuthSchemes.Bearer + " ", StringComparison.OrdinalIgnoreCase);
                if (hasToken) await signingKey.GetAsync(context.HttpContext.RequestAborted);
            },
            OnTokenValidated = async context =>
            {
                var users = context.HttpContext.RequestServices.GetRequiredService<UserAccounts>();
                var subject = context.Principal?.FindFirst(AuthClaims.Subject)?.Value;
                var user = Guid.TryParse(subject, out var id) ? await users.FindAsync(id, context.HttpContext.RequestAborted) : null;
                if (user is null || user.Disabled || context.Principal?.Identity is not ClaimsIdentity identity)
                {
                    context.Fail("The user no longer exists or is disabled.");
                    return;
                }

                foreach (var claim in identity.FindAll(AuthClaims.Role).ToList()) identity.RemoveClaim(claim);
                identity.AddClaim(new Claim(AuthClaims.Role, user.Role));
                identity.AddClaim(new Claim(AuthClaims.Name, user.Email));
                identity.AddClaim(new Claim(AuthClaims.Method, fromCookie ? AuthMethods.Cookie : AuthMethods.Bearer));
            },
        };
    }
}
