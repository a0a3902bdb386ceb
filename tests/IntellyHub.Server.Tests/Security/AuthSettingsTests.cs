using System.Net;
using IntellyHub.Server.Tests.Testing;
using static IntellyHub.Server.Tests.Security.AuthApi;

namespace IntellyHub.Server.Tests.Security;

/// <summary><c>IntellyHub:Auth</c> and <c>IntellyHub:Bootstrap</c>: checked at start, applied when valid.</summary>
public sealed class AuthSettingsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ShortSigningKey_ExitsWithClearMessage()
    {
        var result = await ServerProcess.RunAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__IntellyHub"] = $"Data Source={Path.Combine(_folder.Path, "intellyhub.db")}",
            ["IntellyHub__Auth__SigningKey"] = "too-short",
            ["IntellyHub__Auth__AccessTokenLifetime"] = "00:00:10",
            ["IntellyHub__Bootstrap__AdminPassword"] = "short",
        });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("IntellyHub:Auth:SigningKey must have at least 32 bytes", result.Output);
        Assert.Contains("IntellyHub:Auth:AccessTokenLifetime must be between", result.Output);
        Assert.Contains("IntellyHub:Bootstrap:AdminPassword: The password must have at least 12 characters", result.Output);
        Assert.DoesNotContain("too-short", result.Output);
        Assert.DoesNotContain("   at ", result.Output);
    }

    [Fact]
    public async Task ConfiguredSigningKey_TokensWorkOnAnyServerWithTheSameKey()
    {
        const string key = "a-configured-signing-key-of-enough-bytes-0123456789";
        using var first = ServerFactory.Sqlite(_folder.Path, ("IntellyHub:Auth:SigningKey", key), ("IntellyHub:Auth:Issuer", "hub-test"));
        var token = (await LoginAsync(first.CreateClient(), AuthenticatedClients.AdminEmail, AuthenticatedClients.AdminPassword)).GetProperty("accessToken").GetString()!;
        using var sameKey = ServerFactory.Sqlite(_folder.Path, ("IntellyHub:Auth:SigningKey", key), ("IntellyHub:Auth:Issuer", "hub-test"));
        using var otherKey = ServerFactory.Sqlite(_folder.Path, ("IntellyHub:Auth:SigningKey", key + "-changed"), ("IntellyHub:Auth:Issuer", "hub-test"));
        using var otherIssuer = ServerFactory.Sqlite(_folder.Path, ("IntellyHub:Auth:SigningKey", key));

        using var accepted = await GetWithBearerAsync(sameKey.CreateClient(), "/api/auth/me", token);
        using var badSignature = await GetWithBearerAsync(otherKey.CreateClient(), "/api/auth/me", token);
        using var badIssuer = await GetWithBearerAsync(otherIssuer.CreateClient(), "/api/auth/me", token);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        await AssertProblemAsync(badSignature, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(badIssuer, HttpStatusCode.Unauthorized);
    }
}
