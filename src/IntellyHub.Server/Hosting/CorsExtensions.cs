using Microsoft.AspNetCore.Cors.Infrastructure;

namespace IntellyHub.Extensions;

/// <summary>Cross-origin requests: off unless origins are listed in <c>IntellyHub:Cors:AllowedOrigins</c>.</summary>
public static class CorsExtensions
{
    public const string AllowedOriginsKey = "IntellyHub:Cors:AllowedOrigins";

    /// <summary>
    /// A default policy allowing the listed origins (any header, any method); with none listed no origin is allowed.
    /// The headers Studio reads after a run are exposed to cross-origin callers.
    /// </summary>
    public static IServiceCollection AddServerCors(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            options.AddDefaultPolicy(policy => policy.WithOrigins(AllowedOrigins(configuration)).AllowAnyHeader().AllowAnyMethod()
                .WithExposedHeaders("x-elsa-workflow-instance-id", "x-elsa-workflow-cannot-start"));
        });
        return services;
    }

    /// <summary>
    /// The CORS middleware, when origins are listed. With none it would allow nothing, so it is left out: it costs every
    /// request a service lookup.
    /// </summary>
    public static WebApplication UseServerCors(this WebApplication app)
    {
        if (AllowedOrigins(app.Configuration).Length > 0) app.UseCors();
        return app;
    }

    // The one reading of the setting: the policy and the decision to add the middleware must agree.
    private static string[] AllowedOrigins(IConfiguration configuration) => configuration.GetSection(AllowedOriginsKey).Get<string[]>() ?? [];
}
