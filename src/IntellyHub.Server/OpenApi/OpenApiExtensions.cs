using Scalar.AspNetCore;

namespace IntellyHub.Extensions;

/// <summary>The OpenAPI document (<c>/openapi/v1.json</c>) and its reference UI (<c>/scalar</c>).</summary>
public static class OpenApiExtensions
{
    public static IServiceCollection AddServerOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "IntellyHub";
            document.Info.Description = "The IntellyHub server API.";
            return Task.CompletedTask;
        }));

    public static WebApplication MapServerOpenApi(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference();
        return app;
    }
}
