using IntellyHub.Platform.Bootstrap;
using IntellyHub.Platform.Persistence;
using IntellyHub.Runtime;
using IntellyHub.Server.Persistence;
using IntellyHub.Server.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace IntellyHub.Extensions;

/// <summary>
/// Who may call what: users (email and password, JWT access tokens with rotating refresh tokens, or the web shell's
/// cookie), API keys for machines, and three roles (admin, editor, viewer) behind the <see cref="AccessPolicies"/>.
/// </summary>
public static class SecurityExtensions
{
    /// <summary>The platform's configuration keys (its tables live in the runtime's database).</summary>
    public const string PlatformMigrateOnStartKey = "IntellyHub:Platform:MigrateOnStart";

    public const string BootstrapSection = "IntellyHub:Bootstrap";

    /// <summary>
    /// The platform (users, API keys; <c>IntellyHub:Bootstrap</c> creates the first admin), the schemes (ApiKey,
    /// Bearer, Cookie, picked per request), the policies, and ProblemDetails for 401 and 403.
    /// <c>IntellyHub:Auth</c> is validated at start. Call after the runtime is added.
    /// </summary>
    public static IServiceCollection AddServerAuthentication(this IServiceCollection services)
    {
        services.AddPlatform();
        services.AddOptions<PlatformOptions>()
            .Configure<IOptions<DatabaseOptions>, IOptions<RuntimeOptions>, IConfiguration>((platform, database, runtime, configuration) =>
            {
                platform.Provider = database.Value.Provider == DatabaseProvider.PostgreSql ? PlatformProvider.PostgreSql : PlatformProvider.Sqlite;
                platform.ConnectionString = database.Value.ConnectionString ?? "";
                platform.MigrateOnStart = configuration.GetValue<bool?>(PlatformMigrateOnStartKey) ?? runtime.Value.MigrateOnStart;
            });
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapSection).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BootstrapOptions>>(new BootstrapOptionsValidator(BootstrapSection));
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();

        services.AddSingleton<AccessTokenSigningKey>();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<SessionIssuer>();
        services.AddSingleton<IConfigureOptions<Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions>, JwtBearerSetup>();
        services.AddAuthentication(AuthSchemes.Default)
            .AddPolicyScheme(AuthSchemes.Default, "API key, bearer token or cookie", options => options.ForwardDefaultSelector = context => AuthSchemes.Select(context.Request))
            .AddJwtBearer(AuthSchemes.Bearer)
            .AddJwtBearer(AuthSchemes.Cookie)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthSchemes.ApiKey, null);

        var read = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.Editor, Roles.Viewer).Build();
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(read)
            .AddPolicy(AccessPolicies.Read, read)
            .AddPolicy(AccessPolicies.Edit, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.Editor))
            .AddPolicy(AccessPolicies.Admin, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin));
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemDetailsAuthorizationResultHandler>();
        return services;
    }

    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    /// <summary>
    /// Authentication then authorization (after ProblemDetails and CORS, before the endpoints). Requests to HTTP-triggered
    /// flows and webhooks are not authenticated here: most are anonymous, and a flow that needs a caller authenticates
    /// the request itself (<see cref="IntellyHub.Server.HttpWorkflows.HttpFlowRunner.AuthorizeAsync"/>).
    /// </summary>
    public static WebApplication UseServerAuthentication(this WebApplication app)
    {
        app.UseWhen(http => !HttpWorkflowsExtensions.IsFlowRequest(http.Request), branch => branch.UseAuthentication());
        // UseAuthentication in a branch does not mark the application, and WebApplication would then put a second,
        // unconditional authentication middleware in front of everything. This is the mark it looks for.
        ((IApplicationBuilder)app).Properties[AuthenticationMiddlewareSetKey] = true;
        app.UseAuthorization();
        return app;
    }

    /// <summary><c>/api/auth</c> (login, refresh, logout, me), <c>/api/users</c> and <c>/api/api-keys</c> (admins).</summary>
    public static WebApplication MapAuthEndpoints(this WebApplication app)
    {
        AuthEndpoints.Map(app);
        UserEndpoints.Map(app);
        ApiKeyEndpoints.Map(app);
        return app;
    }
}
