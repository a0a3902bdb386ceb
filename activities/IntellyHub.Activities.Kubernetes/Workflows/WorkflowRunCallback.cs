using System.Security.Cryptography;
using System.Text;

namespace IntellyHub.Activities.Kubernetes.Workflows;

/// <summary>
/// The stimulus of a child flow's result coming back from its Job: the SHA-256 of the one-time run token and the
/// child's definition id. Only the hash is stored (in the bookmark); the token travels in the Job's environment and
/// comes back with the result, which consumes the bookmark, so a token works once.
/// </summary>
public sealed record WorkflowRunCallbackStimulus(string TokenHash, string DefinitionId)
{
    /// <summary>The bookmark kind of a wait for a child flow's result.</summary>
    public const string Name = "IntellyHub.Kubernetes.WorkflowRunResult";

    /// <summary>The stimulus a token and definition id stand for.</summary>
    public static WorkflowRunCallbackStimulus For(string token, string definitionId) => new(Hash(token), definitionId);

    /// <summary>A new token: 256 random bits, URL-safe.</summary>
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

/// <summary>The names the executor and the server agree on.</summary>
public static class WorkflowRunProtocol
{
    /// <summary>The header carrying the run token.</summary>
    public const string TokenHeader = "X-IntellyHub-Run-Token";

    /// <summary>The executor's environment: the server's URL.</summary>
    public const string ServerVariable = "INTELLYHUB_SERVER_URL";

    /// <summary>The executor's environment: the one-time run token.</summary>
    public const string TokenVariable = "INTELLYHUB_RUN_TOKEN";

    /// <summary>The executor's environment: the definition id of the flow to run.</summary>
    public const string DefinitionVariable = "INTELLYHUB_DEFINITION_ID";

    /// <summary>The executor's environment: the flow's input as a JSON object.</summary>
    public const string InputVariable = "INTELLYHUB_INPUT";

    /// <summary>The executor's command (the <c>intellyhub</c> tool in the server image).</summary>
    public const string Command = "run-remote";

    /// <summary>Where the executor reads the published definition: <c>GET {server}/api/kubernetes/runs/{definitionId}/definition</c>.</summary>
    public static string DefinitionPath(string definitionId) => $"api/kubernetes/runs/{Uri.EscapeDataString(definitionId)}/definition";

    /// <summary>Where the executor posts the result: <c>POST {server}/api/kubernetes/runs/{definitionId}/result</c>.</summary>
    public static string ResultPath(string definitionId) => $"api/kubernetes/runs/{Uri.EscapeDataString(definitionId)}/result";
}
