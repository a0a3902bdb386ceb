namespace IntellyHub.Server.Security;

/// <summary>
/// The web shell's cookies: the access token (sent with every same-origin call) and the refresh token (sent only
/// to <c>/api/auth</c>). Both HttpOnly (scripts cannot read them) and SameSite=Strict (other sites cannot send them);
/// Secure when the request came over HTTPS.
/// </summary>
internal static class AuthCookies
{
    public const string AccessCookie = "ih_access";
    public const string RefreshCookie = "ih_refresh";
    private const string RefreshPath = "/api/auth";

    public static void Set(HttpResponse response, string accessToken, DateTimeOffset accessExpires, string refreshToken, DateTimeOffset refreshExpires)
    {
        response.Cookies.Append(AccessCookie, accessToken, Options(response.HttpContext.Request, "/", accessExpires));
        response.Cookies.Append(RefreshCookie, refreshToken, Options(response.HttpContext.Request, RefreshPath, refreshExpires));
    }

    public static void Clear(HttpResponse response)
    {
        response.Cookies.Delete(AccessCookie, Options(response.HttpContext.Request, "/", null));
        response.Cookies.Delete(RefreshCookie, Options(response.HttpContext.Request, RefreshPath, null));
    }

    private static CookieOptions Options(HttpRequest request, string path, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = request.IsHttps,
        Path = path,
        Expires = expires,
        IsEssential = true,
    };
}
