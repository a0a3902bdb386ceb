using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace IntellyHub.Server.Tests.Testing;

/// <summary>
/// A test-only <c>/test/throw</c> that throws <paramref name="exception"/>. It is added after the server's
/// own pipeline, so the server's exception handler and status code pages wrap it like any endpoint.
/// </summary>
public sealed class ThrowingEndpoint(Exception exception) : IStartupFilter
{
    public const string Path = "/test/throw";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        app.Map(Path, branch => branch.Run(_ => throw exception));
    };
}
