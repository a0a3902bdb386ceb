using System.Reflection;

namespace IntellyHub.Server.WebApp;

/// <summary>
/// Finds the built web app: the configured folder, else <c>webapp/</c> next to the server's assembly (build and
/// publish output), else the build output recorded in the assembly when it was built (a host that loads the server
/// from another folder, such as a test project).
/// </summary>
internal static partial class WebAppRoot
{
    /// <summary>The assembly metadata key the build writes (IntellyHub.Server.csproj, target BuildWebApp).</summary>
    public const string BuildOutputMetadata = "IntellyHub.WebApp.BuildOutput";

    public static string? Find(string? configured, string contentRoot, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var folder = Path.GetFullPath(configured, contentRoot);
            if (IsBuilt(folder)) return Found(folder, logger);
            LogMissingConfigured(logger, folder);
            return null;
        }

        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, "webapp") };
        var recorded = typeof(WebAppRoot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == BuildOutputMetadata)?.Value;
        if (!string.IsNullOrEmpty(recorded)) candidates.Add(recorded);
        foreach (var candidate in candidates)
        {
            if (IsBuilt(candidate)) return Found(Path.GetFullPath(candidate), logger);
        }

        LogNotBuilt(logger);
        return null;
    }

    private static bool IsBuilt(string folder) => File.Exists(Path.Combine(folder, "index.html"));

    private static string Found(string folder, ILogger logger)
    {
        LogServing(logger, folder);
        return folder;
    }

    [LoggerMessage(2300, LogLevel.Information, "Serving the web app at /app/ from {Folder}")]
    private static partial void LogServing(ILogger logger, string folder);

    [LoggerMessage(2301, LogLevel.Warning, "IntellyHub:WebApp:Path is {Folder}, which holds no built web app (index.html): /app/ is not served")]
    private static partial void LogMissingConfigured(ILogger logger, string folder);

    [LoggerMessage(2302, LogLevel.Warning, "The web app is not built (the server was built with BuildWebApp=false or without Node.js): /app/ is not served")]
    private static partial void LogNotBuilt(ILogger logger);
}
