using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntellyHub.Cli.Engine;
using IntellyHub.Cli.Reports;
using IntellyHub.Workflows;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace IntellyHub.Cli.Commands;

/// <summary>
/// <c>intellyhub run-remote</c>: the executor of <c>IntellyHub.RunWorkflowInKubernetes</c>. Reads a published definition from
/// the server with a one-time run token, runs it in memory, and posts the result back with the same token (which resumes
/// the parent flow). Everything comes from the environment the parent's Job sets, so the token never appears in argv.
/// </summary>
public sealed class RunRemoteCommand(CliEnvironment environment) : ICliCommand
{
    // The protocol of IntellyHub.Activities.Kubernetes (WorkflowRunProtocol); the tool does not depend on the pack.
    internal const string ServerVariable = "INTELLYHUB_SERVER_URL";
    internal const string TokenVariable = "INTELLYHUB_RUN_TOKEN";
    internal const string DefinitionVariable = "INTELLYHUB_DEFINITION_ID";
    internal const string InputVariable = "INTELLYHUB_INPUT";
    internal const string TokenHeader = "X-IntellyHub-Run-Token";

    public string Name => "run-remote";

    public string Summary => "Run a server's published flow here and report the result back (the Kubernetes executor).";

    public string Usage =>
        $"""
        Usage:
          intellyhub run-remote

        What IntellyHub's Kubernetes Jobs run (IntellyHub.RunWorkflowInKubernetes). Reads the published definition from
        the server with a one-time run token, runs it in memory until it finishes, faults or waits, prints the result
        as JSON (as 'run' does) and posts it back to the server, which resumes the parent flow.

        Environment:
          {ServerVariable}      the server's address
          {TokenVariable}       the one-time run token (never pass it as an argument)
          {DefinitionVariable}  the definition id of the flow
          {InputVariable}       the flow's input, a JSON object (optional)

        Exit codes:
          0  the result was delivered (whatever the flow's status: the parent decides)
          1  the server did not take the result (the Job then fails, and so does the parent's activity)
          2  bad input: a variable is missing, the token was refused, the definition is unusable
        """;

    public async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var arguments = CommandArguments.Parse(Name, args);
        if (arguments.HelpRequested)
        {
            await console.Out.WriteLineAsync(Usage);
            return ExitCodes.Success;
        }

        var server = Required(ServerVariable);
        var token = Required(TokenVariable);
        var definitionId = Required(DefinitionVariable);
        var input = ParseInput(environment.GetEnvironmentVariable(InputVariable));
        if (!Uri.TryCreate(server.TrimEnd('/') + "/", UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
            throw new CliInputException($"{ServerVariable} ('{server}') is not an http(s) address.");

        using var http = new HttpClient(environment.CreateHttpHandler(), disposeHandler: true) { BaseAddress = baseAddress, Timeout = environment.HttpTimeout };
        http.DefaultRequestHeaders.Add(TokenHeader, token);
        var escaped = Uri.EscapeDataString(definitionId);

        string json;
        try
        {
            using var response = await http.GetAsync($"api/kubernetes/runs/{escaped}/definition", cancellationToken);
            json = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
                throw new CliInputException($"The server did not give definition '{definitionId}': {(int)response.StatusCode} {Detail(json)}");
        }
        catch (HttpRequestException exception)
        {
            throw new CliFailureException($"Cannot reach the server at {server}: {CliApplication.OneLine(exception.Message)}");
        }

        await using var services = CliEngine.Create(console.Error);
        var read = services.GetRequiredService<WorkflowDefinitionSerializer>().Read(json);
        if (read.Definition is null || read.Problems.Count > 0)
            throw new CliInputException($"Definition '{definitionId}' is unusable: {(read.Problems.Count > 0 ? DefinitionFile.Describe(read.Problems[0]) : "unreadable")}");

        var result = await services.GetRequiredService<WorkflowRunner>().RunAsync(read.Definition.ToWorkflow(), new RunWorkflowOptions { Input = input }, cancellationToken);
        await console.Error.FlushAsync(cancellationToken);
        await console.Out.WriteLineAsync(RunReport.From(result).ToJson());

        var body = new
        {
            subStatus = result.SubStatus.ToString(),
            output = ValueConverter.ToPlain(result.Output),
            error = result.Incidents.Count > 0 ? result.Incidents[0].Message : null,
        };
        try
        {
            using var posted = await http.PostAsJsonAsync($"api/kubernetes/runs/{escaped}/result", body, cancellationToken);
            if (posted.StatusCode != HttpStatusCode.Accepted)
                throw new CliFailureException($"The server did not take the result: {(int)posted.StatusCode} {Detail(await posted.Content.ReadAsStringAsync(cancellationToken))}");
        }
        catch (HttpRequestException exception)
        {
            throw new CliFailureException($"Cannot reach the server at {server} to deliver the result: {CliApplication.OneLine(exception.Message)}");
        }

        return ExitCodes.Success;
    }

    private string Required(string variable) =>
        environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : throw new CliInputException($"{variable} is not set.");

    private static Dictionary<string, object?>? ParseInput(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (Dictionary<string, object?>)ValueConverter.ToPlain(document.RootElement.Clone())!
                : throw new CliInputException($"{InputVariable} must be a JSON object.");
        }
        catch (JsonException exception)
        {
            throw new CliInputException($"{InputVariable} is not valid JSON: {DefinitionFile.WithoutJsonPosition(exception.Message)}");
        }
    }

    // The problem's detail (or title) of a ProblemDetails answer, else the start of the body.
    private static string Detail(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
                return (document.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null)
                    ?? (document.RootElement.TryGetProperty("title", out var t) ? t.GetString() : null) ?? "";
        }
        catch (JsonException)
        {
            // Not JSON.
        }

        return CliApplication.OneLine(body.Length > 200 ? body[..200] : body);
    }
}
