using System.Net;

namespace IntellyHub.Cli;

/// <summary>
/// What the tool reaches outside the process besides the console: the HTTP stack the <c>import</c> and
/// <c>export</c> commands talk to a server with, environment variables and the working folder. Program.cs
/// uses <see cref="Default"/>; tests put an in-memory server or a fake handler behind <see cref="CreateHttpHandler"/>.
/// </summary>
public sealed class CliEnvironment
{
    /// <summary>The real network, the process environment and the current folder.</summary>
    public static CliEnvironment Default { get; } = new();

    /// <summary>Makes the handler of one command's HTTP client (the client disposes it).</summary>
    public Func<HttpMessageHandler> CreateHttpHandler { get; init; } = () => new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(15),
        AutomaticDecompression = DecompressionMethods.All,
    };

    /// <summary>How long one request may take, from sending to the last byte of the answer.</summary>
    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Reads an environment variable (e.g. <c>INTELLYHUB_API_KEY</c>); null when it is not set.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The folder relative paths start from; null means the process's current folder.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary><paramref name="path"/> as an absolute path, relative ones taken from <see cref="WorkingDirectory"/>.</summary>
    public string FullPath(string path) => Path.GetFullPath(path, WorkingDirectory ?? Directory.GetCurrentDirectory());
}
