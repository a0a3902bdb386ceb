using IntellyHub.Server.WebApp;

namespace IntellyHub.Extensions;

/// <summary>
/// The web app under <c>/app/</c>: the Vue shell (built from <c>studio/</c> with the server) around Elsa Studio 3.8.2,
/// whose files sit next to it under the same base. <c>/</c> and <c>/app</c> redirect to <c>/app/</c>.
/// Only <c>/app/…</c> falls back to the shell's page: <c>/api</c>, <c>/elsa</c>, <c>/health</c>, <c>/openapi</c>,
/// <c>/scalar</c> and HTTP-triggered flows keep their own answers (and 404s).
/// </summary>
public static class WebAppExtensions
{
    /// <summary>Where the app is served (its <c>&lt;base href&gt;</c> and the router's base).</summary>
    public const string BasePath = "/app";

    /// <summary>The folder of a built web app (optional): by default the build output next to the server.</summary>
    public const string PathKey = "IntellyHub:WebApp:Path";

    /// <summary>
    /// Maps the web app's files and pages (anonymous: the shell signs the user in itself). Call after the API
    /// mappings. When no built app is found (the server was built without Node.js) only a warning is logged.
    /// </summary>
    public static WebApplication MapWebApp(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebAppExtensions).FullName!);
        var root = WebAppRoot.Find(app.Configuration[PathKey], app.Environment.ContentRootPath, logger);
        if (root is null) return app;

        var files = new WebAppFiles(root);
        app.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], () => Results.Redirect(BasePath + "/")).AllowAnonymous().ExcludeFromDescription();
        app.MapMethods(BasePath + "/{**path}", [HttpMethods.Get, HttpMethods.Head], (HttpContext context, string? path) => files.Serve(context, path))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }
}
