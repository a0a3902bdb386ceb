using IntellyHub.Server.Errors;

namespace IntellyHub.Extensions;

/// <summary>Every error a client sees is ProblemDetails (<c>application/problem+json</c>).</summary>
public static class ProblemDetailsExtensions
{
    /// <summary>ProblemDetails with a trace id, and the exception handler that maps exceptions to statuses.</summary>
    public static IServiceCollection AddServerProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        return services;
    }

    /// <summary>Exceptions, and error statuses without a body (404 of an unknown route, 405), become ProblemDetails.</summary>
    public static WebApplication UseServerProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
