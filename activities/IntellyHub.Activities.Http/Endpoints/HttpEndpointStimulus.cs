namespace IntellyHub.Activities.Http.Endpoints;

/// <summary>
/// The stimulus of <see cref="HttpEndpoint"/>: a normalized route (lower case, no leading or trailing slash) and a
/// lower-case method, with who may call it (<see cref="HttpEndpointAccess"/>; null: anyone), and the endpoint's body
/// size limit and request timeout. A bookmark's hash is that of the path, method and access alone (see
/// <see cref="ForHash"/>), so a request finds it without knowing the limits; its payload keeps them.
/// </summary>
public sealed record HttpEndpointStimulus(string Path, string Method, string? Access = null, long? RequestSizeLimit = null, TimeSpan? RequestTimeout = null)
{
    /// <summary>This stimulus as bookmarks are hashed and requests look for them: path, method and access.</summary>
    public HttpEndpointStimulus ForHash() => this with { RequestSizeLimit = null, RequestTimeout = null };

    /// <summary>A route as stimuli hold it: trimmed, without leading or trailing slashes, lower case but for route parameter names.</summary>
    public static string NormalizePath(string? path)
    {
        var trimmed = (path ?? "").Trim().Trim('/');
        if (!trimmed.Contains('{', StringComparison.Ordinal)) return trimmed.ToLowerInvariant();
        var chars = trimmed.ToCharArray();
        var depth = 0;
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] == '{') depth++;
            else if (chars[i] == '}') depth = Math.Max(0, depth - 1);
            else if (depth == 0) chars[i] = char.ToLowerInvariant(chars[i]);
        }

        return new string(chars);
    }
}

/// <summary>
/// Who may call an endpoint, from Elsa's <c>Authorize</c> and <c>Policy</c> inputs. Without <c>Authorize</c> anyone may
/// (null). With it, the policy says who: empty, <c>read</c> or <c>viewer</c> any signed-in user or API key;
/// <c>edit</c> or <c>editor</c> editors and admins; <c>admin</c> admins; <c>apikey</c> an API key (of any role). Any
/// other name is a policy the host may define (<c>policy:</c> and the name).
/// </summary>
public static class HttpEndpointAccess
{
    public const string SignedIn = "signed-in";
    public const string Editor = "editor";
    public const string Admin = "admin";
    public const string ApiKey = "apikey";

    /// <summary>Prefix of a policy the host defines.</summary>
    public const string PolicyPrefix = "policy:";

    /// <summary>Every access value a request can be matched against (null: anonymous, first).</summary>
    public static IReadOnlyList<string?> Known { get; } = [null, SignedIn, Editor, Admin, ApiKey];

    /// <summary>The access value of an endpoint's <c>Authorize</c> and <c>Policy</c>.</summary>
    public static string? From(bool authorize, string? policy)
    {
        if (!authorize) return null;
        var name = policy?.Trim() ?? "";
        return name.ToLowerInvariant() switch
        {
            "" or "read" or "viewer" => SignedIn,
            "edit" or "editor" => Editor,
            "admin" => Admin,
            "apikey" or "api-key" or "api key" => ApiKey,
            _ => PolicyPrefix + name,
        };
    }
}
