using System.Text.RegularExpressions;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace IntellyHub.Server.WebApp;

/// <summary>
/// Serves the built web app's files: the shell's pages fall back to <c>index.html</c>; a file with a precompressed
/// twin (<c>.br</c>, <c>.gz</c>) is sent compressed when the browser accepts it; fingerprinted files are cached for
/// good, everything else is revalidated (index.html, Studio's <c>dotnet.js</c> with its boot configuration,
/// <c>appsettings.json</c>, the <c>_content</c> scripts).
/// </summary>
internal sealed partial class WebAppFiles(string root)
{
    /// <summary>First path segments of the shell's pages (its router's routes), answered with index.html.</summary>
    private static readonly HashSet<string> PageSegments = new(StringComparer.Ordinal) { "", "login", "workflows", "instances" };

    private const string WebAppPath = "/app";
    private const string Immutable = "public, max-age=31536000, immutable";
    private const string Revalidate = "no-cache";

    private static readonly FileExtensionContentTypeProvider ContentTypes = CreateContentTypes();
    private readonly string _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;

    public IResult Serve(HttpContext context, string? path)
    {
        path ??= "";
        if (path.Length == 0 && !(context.Request.Path.Value ?? "").EndsWith('/')) return Results.Redirect(context.Request.PathBase + WebAppPath + "/");
        var file = Resolve(path);
        if (file is null)
        {
            var first = path.Split('/', 2)[0];
            if (!PageSegments.Contains(first)) return Results.NotFound();
            file = Path.Combine(_root, "index.html");
        }

        var isPage = file.EndsWith(Path.DirectorySeparatorChar + "index.html", StringComparison.Ordinal) && Path.GetDirectoryName(file) + Path.DirectorySeparatorChar == _root;
        var headers = context.Response.Headers;
        if (!ContentTypes.TryGetContentType(file, out var contentType)) contentType = "application/octet-stream";

        var (sent, encoding) = PickEncoding(context.Request, file);
        if (encoding is not null) headers.ContentEncoding = encoding;
        if (sent != file || File.Exists(file + ".br") || File.Exists(file + ".gz")) headers.Vary = HeaderNames.AcceptEncoding;
        headers.CacheControl = !isPage && IsFingerprinted(Path.GetRelativePath(_root, file)) ? Immutable : Revalidate;
        headers.XContentTypeOptions = "nosniff";
        if (isPage)
        {
            headers.ContentSecurityPolicy = "frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self'";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
        }

        var info = new FileInfo(sent);
        var lastModified = new DateTimeOffset(info.LastWriteTimeUtc.Ticks - info.LastWriteTimeUtc.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var entityTag = new EntityTagHeaderValue($"\"{info.Length:x}-{info.LastWriteTimeUtc.Ticks:x}\"");
        return TypedResults.PhysicalFile(sent, contentType, lastModified: lastModified, entityTag: entityTag, enableRangeProcessing: encoding is null);
    }

    /// <summary>The file for a request path inside the root, or null (missing, a folder, or an attempt to leave the root).</summary>
    private string? Resolve(string path)
    {
        if (path.Length == 0 || path.Contains('\\') || path.Contains('\0') || path.Split('/').Any(s => s is ".." or ".")) return null;
        var full = Path.GetFullPath(Path.Combine(_root, path));
        return full.StartsWith(_root, StringComparison.Ordinal) && File.Exists(full) ? full : null;
    }

    /// <summary>Brotli, else gzip, when the browser accepts it (q &gt; 0) and the twin exists; else the file itself.</summary>
    private static (string File, string? Encoding) PickEncoding(HttpRequest request, string file)
    {
        var accepted = request.GetTypedHeaders().AcceptEncoding;
        if (accepted.Count == 0) return (file, null);
        foreach (var (encoding, suffix) in new[] { ("br", ".br"), ("gzip", ".gz") })
        {
            var quality = accepted.Where(a => a.Value.Equals(encoding, StringComparison.OrdinalIgnoreCase) || a.Value.Equals("*", StringComparison.Ordinal))
                .Select(a => a.Quality ?? 1.0).DefaultIfEmpty(0).Max();
            if (quality > 0 && File.Exists(file + suffix)) return (file + suffix, encoding);
        }

        return (file, null);
    }

    /// <summary>Names that change with their content: Vite's <c>assets/</c> and Studio's <c>_framework/name.hash.ext</c>.</summary>
    private static bool IsFingerprinted(string relativePath)
    {
        var path = relativePath.Replace(Path.DirectorySeparatorChar, '/');
        return path.StartsWith("assets/", StringComparison.Ordinal)
            || (path.StartsWith("_framework/", StringComparison.Ordinal) && FrameworkFingerprint().IsMatch(Path.GetFileName(path)));
    }

    [GeneratedRegex(@"\.[a-z0-9]{10}\.(wasm|js|dat|pdb|json)$")]
    private static partial Regex FrameworkFingerprint();

    private static FileExtensionContentTypeProvider CreateContentTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".wasm"] = "application/wasm";
        provider.Mappings[".dat"] = "application/octet-stream";
        provider.Mappings[".js"] = "text/javascript";
        provider.Mappings[".mjs"] = "text/javascript";
        provider.Mappings[".json"] = "application/json";
        provider.Mappings[".map"] = "application/json";
        provider.Mappings[".woff2"] = "font/woff2";
        provider.Mappings[".webmanifest"] = "application/manifest+json";
        provider.Mappings[".html"] = "text/html; charset=utf-8";
        provider.Mappings[".css"] = "text/css; charset=utf-8";
        return provider;
    }
}
