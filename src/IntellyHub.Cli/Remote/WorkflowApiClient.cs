using System.Net;
using System.Net.Http.Headers;
using System.Reflection;

namespace IntellyHub.Cli.Remote;

/// <summary>
/// The workflow REST API of one server (<c>&lt;server&gt;/elsa/api</c>, as IntellyHub and Elsa 3 serve it), reached with
/// <c>Authorization: ApiKey &lt;key&gt;</c>. Failures that concern every request — the server cannot be reached, does
/// not answer in time, redirects, rejects the key (401) or the key's role (403) — become
/// <see cref="CliInputException"/>; every other answer is handed back for the command to judge.
/// The key is never part of a message.
/// </summary>
public sealed class WorkflowApiClient : IDisposable
{
    public const string ServerOption = "--server";
    public const string ApiKeyOption = "--api-key";
    public const string ApiKeyVariable = "INTELLYHUB_API_KEY";

    /// <summary>Where the API lives below the server's address.</summary>
    public const string ApiPath = "elsa/api";

    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;

    private WorkflowApiClient(HttpClient http, string server, TimeSpan timeout)
    {
        _http = http;
        Server = server;
        _timeout = timeout;
    }

    /// <summary>The server's address as messages show it (without <c>/elsa/api</c> and user info).</summary>
    public string Server { get; }

    /// <summary>The client for <c>--server</c> and <c>--api-key</c> (or <c>INTELLYHUB_API_KEY</c>); both are required.</summary>
    public static WorkflowApiClient Connect(CommandArguments arguments, string command, CliEnvironment environment)
    {
        var server = arguments.GetOption(ServerOption)
            ?? throw new CliInputException($"'{command}' needs {ServerOption} <url>, the server's address (e.g. http://localhost:5000). Run 'intellyhub {command} --help' for usage.");
        var baseAddress = ApiAddress(server);

        var key = arguments.GetOption(ApiKeyOption);
        if (key is not null && string.IsNullOrWhiteSpace(key)) throw new CliInputException($"The API key given with {ApiKeyOption} is empty.");
        key ??= environment.GetEnvironmentVariable(ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(key))
            throw new CliInputException($"'{command}' needs an API key: pass {ApiKeyOption} <key> or set the {ApiKeyVariable} environment variable.");

        AuthenticationHeaderValue authorization;
        try
        {
            authorization = new AuthenticationHeaderValue("ApiKey", key.Trim());
        }
        catch (FormatException)
        {
            throw new CliInputException("The API key contains characters an HTTP header cannot carry (spaces or line breaks?).");
        }

        var http = new HttpClient(environment.CreateHttpHandler(), disposeHandler: true)
        {
            BaseAddress = baseAddress,
            Timeout = environment.HttpTimeout,
        };
        http.DefaultRequestHeaders.Authorization = authorization;
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        http.DefaultRequestHeaders.UserAgent.TryParseAdd($"intellyhub/{ToolVersion}");
        return new WorkflowApiClient(http, baseAddress.AbsoluteUri[..^(ApiPath.Length + 1)].TrimEnd('/'), environment.HttpTimeout);
    }

    /// <summary>
    /// <c>&lt;server&gt;/elsa/api/</c> for the <c>--server</c> value; a value that already ends in <c>/elsa/api</c> is taken as it is.
    /// </summary>
    public static Uri ApiAddress(string server)
    {
        if (!Uri.TryCreate(server.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
            throw new CliInputException($"{ServerOption} must be an http:// or https:// address such as http://localhost:5000, not '{server}'.");
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
            throw new CliInputException($"{ServerOption} must be the server's address without a query or fragment, not '{server}'.");

        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/" + ApiPath, StringComparison.OrdinalIgnoreCase)) path = path[..^(ApiPath.Length + 1)];
        var builder = new UriBuilder(uri) { Path = $"{path}/{ApiPath}/", UserName = "", Password = "" };
        return builder.Uri;
    }

    /// <summary>
    /// Sends one request to <paramref name="relativeUri"/> (below <c>/elsa/api/</c>) and reads the answer to the end.
    /// <paramref name="action"/> says what the request is for in messages, e.g. "import workflow definitions".
    /// </summary>
    public async Task<ServerAnswer> SendAsync(HttpMethod method, string relativeUri, HttpContent? content, string action, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, relativeUri) { Content = content };
        ServerAnswer answer;
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            answer = new ServerAnswer(response.StatusCode, response.ReasonPhrase, body);
            if ((int)response.StatusCode is >= 300 and < 400)
            {
                var target = response.Headers.Location is { } location ? $" to {location}" : "";
                throw new CliInputException($"The server at {Server} redirects{target} ({answer.Describe()}); pass the address it redirects to as {ServerOption}.");
            }
        }
        catch (HttpRequestException exception)
        {
            throw new CliInputException($"Cannot reach the server at {Server}: {Reason(exception)}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliInputException($"The server at {Server} did not answer within {_timeout.TotalSeconds:0.#} seconds.");
        }

        return answer.Status switch
        {
            HttpStatusCode.Unauthorized => throw new CliInputException($"The server at {Server} did not accept the API key: {answer.Describe()}"),
            HttpStatusCode.Forbidden => throw new CliInputException($"The API key is not allowed to {action} on the server at {Server}: {answer.Describe()}"),
            _ => answer,
        };
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Why a request got no answer, on one line (the innermost cause when the outer message only points to it).</summary>
    private static string Reason(Exception exception)
    {
        var message = exception.Message;
        for (var inner = exception.InnerException; inner is not null && message.Contains("inner exception", StringComparison.OrdinalIgnoreCase); inner = inner.InnerException)
            message = inner.Message;
        message = CliApplication.OneLine(message);
        return message.EndsWith('.') ? message : message + ".";
    }

    private static string ToolVersion
    {
        get
        {
            var version = typeof(WorkflowApiClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
            var plus = version.IndexOf('+', StringComparison.Ordinal);
            return plus > 0 ? version[..plus] : version;
        }
    }
}
