using IntellyHub.Platform.ApiKeys;

namespace IntellyHub.Server.Security;

/// <summary>
/// The authentication schemes, and how a request picks one: <c>Authorization: ApiKey …</c> (or a bearer token that is
/// an API key), <c>Authorization: Bearer …</c> (an access token), otherwise the access cookie of the web shell.
/// </summary>
public static class AuthSchemes
{
    /// <summary>The default scheme: forwards to one of the others by the request.</summary>
    public const string Default = "IntellyHub";

    public const string ApiKey = "ApiKey";
    public const string Bearer = "Bearer";

    /// <summary>The access token in the HttpOnly cookie set by <c>POST /api/auth/login?useCookie=true</c>.</summary>
    public const string Cookie = "Cookie";

    /// <summary>The scheme that authenticates <paramref name="request"/>.</summary>
    public static string Select(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith(ApiKey + " ", StringComparison.OrdinalIgnoreCase)) return ApiKey;
        if (authorization.StartsWith(Bearer + " ", StringComparison.OrdinalIgnoreCase))
            return authorization.AsSpan(Bearer.Length + 1).Trim().StartsWith(ApiKeyService.KeyPrefix, StringComparison.Ordinal) ? ApiKey : Bearer;
        return request.Cookies.ContainsKey(AuthCookies.AccessCookie) ? Cookie : Bearer;
    }
}

/// <summary>The claims of a signed-in caller (short JWT names, also used for API keys).</summary>
public static class AuthClaims
{
    /// <summary>The user's id, or <c>apikey:</c> and the key's id.</summary>
    public const string Subject = "sub";

    public const string Email = "email";

    /// <summary>The user's email or the API key's name.</summary>
    public const string Name = "name";

    public const string Role = "role";

    /// <summary>How the caller signed in: <see cref="AuthMethods"/>.</summary>
    public const string Method = "ih_auth";
}

/// <summary>The values of <see cref="AuthClaims.Method"/>.</summary>
public static class AuthMethods
{
    public const string Bearer = "bearer";
    public const string Cookie = "cookie";
    public const string ApiKey = "apiKey";
}
