using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using IntellyHub.Runtime.Tests.Testing;
using IntellyHub.Server.Security;
using IntellyHub.Server.Tests.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using static IntellyHub.Server.Tests.Security.AuthApi;

namespace IntellyHub.Server.Tests.Security;

/// <summary>
/// Sign-in, tokens, the cookie, API keys, roles and the admin endpoints, on SQLite and PostgreSQL (the subclasses).
/// The tests of a class share one server (each uses its own users); those that need a fresh one start it.
/// </summary>
public abstract class AuthSuite<TServer>(TServer shared) : IClassFixture<TServer> where TServer : SharedServer
{
    private const string Admin = AuthenticatedClients.AdminEmail;
    private const string AdminPassword = AuthenticatedClients.AdminPassword;
    private const string ReadEndpoint = "/elsa/api/workflow-definitions";
    private const string EditEndpoint = "/elsa/api/workflow-definitions/no-such-definition";

    private Provider Provider => shared.Provider;

    private ServerFactory Server => shared.Server.Factory;

    [Fact]
    public async Task Login_ThenMe_EmailRoleAndBearerMethod()
    {
        var client = Server.CreateClient();

        var tokens = await LoginAsync(client, Admin, AdminPassword);
        using var me = await GetWithBearerAsync(client, "/api/auth/me", tokens.GetProperty("accessToken").GetString()!);

        Assert.Equal("Bearer", tokens.GetProperty("tokenType").GetString());
        Assert.InRange(tokens.GetProperty("expiresIn").GetInt32(), 60, 15 * 60);
        Assert.False(string.IsNullOrEmpty(tokens.GetProperty("refreshToken").GetString()));
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var body = await JsonAsync(me);
        Assert.Equal(Admin, body.GetProperty("email").GetString());
        Assert.Equal(Roles.Admin, body.GetProperty("role").GetString());
        Assert.Equal("bearer", body.GetProperty("authMethod").GetString());
    }

    [Fact]
    public async Task Refresh_RotatesTheToken_UsedOneStopsWorkingAndRevokesItsSuccessor()
    {
        var client = Server.CreateClient();
        var first = (await LoginAsync(client, Admin, AdminPassword)).GetProperty("refreshToken").GetString();

        using var refreshed = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = first });
        var next = await JsonAsync(refreshed);
        using var me = await GetWithBearerAsync(client, "/api/auth/me", next.GetProperty("accessToken").GetString()!);
        using var reused = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = first });
        using var successor = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = next.GetProperty("refreshToken").GetString() });

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.NotEqual(first, next.GetProperty("refreshToken").GetString());
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        await AssertProblemAsync(reused, HttpStatusCode.Unauthorized);
        // A used token coming back means it was copied: the whole chain is revoked.
        await AssertProblemAsync(successor, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_RevokesTheRefreshToken()
    {
        var client = Server.CreateClient();
        var refreshToken = (await LoginAsync(client, Admin, AdminPassword)).GetProperty("refreshToken").GetString();

        using var logout = await client.PostAsJsonAsync("/api/auth/logout", new { refreshToken });
        using var refresh = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await AssertProblemAsync(refresh, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_WrongPasswordOrUnknownEmail_Same401()
    {
        var client = Server.CreateClient();

        using var wrongPassword = await client.PostAsJsonAsync("/api/auth/login", new { email = Admin, password = "not-the-password" });
        using var unknownEmail = await client.PostAsJsonAsync("/api/auth/login", new { email = "nobody@test.local", password = AdminPassword });

        var wrong = await AssertProblemAsync(wrongPassword, HttpStatusCode.Unauthorized);
        var unknown = await AssertProblemAsync(unknownEmail, HttpStatusCode.Unauthorized);
        Assert.Equal("Invalid email or password", wrong.GetProperty("title").GetString());
        Assert.Equal(wrong.GetProperty("title").GetString(), unknown.GetProperty("title").GetString());
        Assert.Equal(wrong.TryGetProperty("detail", out var d1) ? d1.ToString() : null, unknown.TryGetProperty("detail", out var d2) ? d2.ToString() : null);
    }

    [Fact]
    public async Task Login_MissingFields_400NamingThem()
    {
        using var response = await Server.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = " " });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _));
    }

    [Fact]
    public async Task DisabledUser_CannotLogInAndItsTokensStop()
    {
        var admin = await Server.CreateClientAsync(Roles.Admin);
        var user = await CreateUserAsync(admin, "disabled@test.local", Roles.Editor);
        var client = Server.CreateClient();
        var tokens = await LoginAsync(client, "disabled@test.local", "Editor-Password-1");

        using var disable = await admin.PutAsJsonAsync($"/api/users/{user}", new { disabled = true });
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { email = "disabled@test.local", password = "Editor-Password-1" });
        using var me = await GetWithBearerAsync(client, "/api/auth/me", tokens.GetProperty("accessToken").GetString()!);
        using var refresh = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() });

        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        Assert.True((await JsonAsync(disable)).GetProperty("disabled").GetBoolean());
        Assert.Equal("Invalid email or password", (await AssertProblemAsync(login, HttpStatusCode.Unauthorized)).GetProperty("title").GetString());
        await AssertProblemAsync(me, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(refresh, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Cookie_AuthenticatesSameOriginCalls_RefreshAndLogoutUseIt()
    {
        var client = Server.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

        using var login = await client.PostAsJsonAsync("/api/auth/login?useCookie=true", new { email = Admin, password = AdminPassword });
        var cookies = login.Headers.GetValues("Set-Cookie").ToList();
        using var me = await client.GetAsync("/api/auth/me");
        using var workflows = await client.GetAsync(ReadEndpoint);
        using var refresh = await client.PostAsync("/api/auth/refresh", content: null);
        using var meAfterRefresh = await client.GetAsync("/api/auth/me");
        using var logout = await client.PostAsync("/api/auth/logout", content: null);
        using var meAfterLogout = await client.GetAsync("/api/auth/me");

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var body = await JsonAsync(login);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("accessToken").ValueKind); // scripts never see the tokens
        Assert.Equal(JsonValueKind.Null, body.GetProperty("refreshToken").ValueKind);
        var access = Assert.Single(cookies, c => c.StartsWith("ih_access=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", access);
        Assert.Contains("samesite=strict", access);
        Assert.Contains("path=/", access);
        Assert.Contains(cookies, c => c.StartsWith("ih_refresh=", StringComparison.Ordinal) && c.Contains("path=/api/auth", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("cookie", (await JsonAsync(me)).GetProperty("authMethod").GetString());
        Assert.Equal(HttpStatusCode.OK, workflows.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.OK, meAfterRefresh.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await AssertProblemAsync(meAfterLogout, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ApiKey_Viewer_ReadsButCannotEditNorAdminister()
    {
        var viewer = await Server.CreateClientAsync(Roles.Viewer);

        using var read = await viewer.GetAsync(ReadEndpoint);
        using var edit = await viewer.DeleteAsync(EditEndpoint);
        using var users = await viewer.GetAsync("/api/users");
        using var me = await viewer.GetAsync("/api/auth/me");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("Forbidden", (await AssertProblemAsync(edit, HttpStatusCode.Forbidden)).GetProperty("title").GetString());
        await AssertProblemAsync(users, HttpStatusCode.Forbidden);
        var caller = await JsonAsync(me);
        Assert.Equal(Roles.Viewer, caller.GetProperty("role").GetString());
        Assert.Equal("apiKey", caller.GetProperty("authMethod").GetString());
    }

    [Fact]
    public async Task ApiKey_Editor_EditsButCannotAdminister()
    {
        var editor = await Server.CreateClientAsync(Roles.Editor);

        using var edit = await editor.DeleteAsync(EditEndpoint);
        using var users = await editor.GetAsync("/api/users");
        using var keys = await editor.PostAsJsonAsync("/api/api-keys", new { name = "escalation", role = Roles.Admin });

        Assert.NotEqual(HttpStatusCode.Unauthorized, edit.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, edit.StatusCode);
        await AssertProblemAsync(users, HttpStatusCode.Forbidden);
        await AssertProblemAsync(keys, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ApiKey_Admin_ManagesUsersAndKeys()
    {
        var admin = await Server.CreateClientAsync(Roles.Admin);

        using var users = await admin.GetAsync("/api/users");
        using var keys = await admin.GetAsync("/api/api-keys");

        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
        Assert.Contains((await JsonAsync(users)).EnumerateArray(), u => u.GetProperty("email").GetString() == Admin);
        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
    }

    [Fact]
    public async Task ApiKey_AsBearerToken_AlsoAccepted()
    {
        var key = await Server.CreateApiKeyAsync(Roles.Viewer);
        var client = Server.CreateClient();

        using var me = await GetWithBearerAsync(client, "/api/auth/me", key);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("apiKey", (await JsonAsync(me)).GetProperty("authMethod").GetString());
    }

    [Theory]
    [InlineData("/api/auth/me")]
    [InlineData("/api/users")]
    [InlineData("/api/api-keys")]
    [InlineData(ReadEndpoint)]
    public async Task Anonymous_401ProblemDetailsWithChallenge(string path)
    {
        using var response = await Server.CreateClient().GetAsync(path);

        var problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Unauthorized", problem.GetProperty("title").GetString());
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }

    [Theory]
    [InlineData("ApiKey ih_not-a-key")]
    [InlineData("ApiKey something")]
    [InlineData("Bearer not.a.jwt")]
    [InlineData("Basic YWRtaW46YWRtaW4=")]
    public async Task BadCredentials_401ProblemDetails(string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await Server.CreateClient().SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ApiKey_Revoked_StopsWorking()
    {
        var admin = await Server.CreateAdminBearerClientAsync();
        using var created = await admin.PostAsJsonAsync("/api/api-keys", new { name = "ci", role = Roles.Editor });
        var key = await JsonAsync(created);
        var client = Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key.GetProperty("key").GetString());

        using var before = await client.GetAsync("/api/auth/me");
        using var revoke = await admin.DeleteAsync($"/api/api-keys/{key.GetProperty("id").GetString()}");
        using var after = await client.GetAsync("/api/auth/me");
        using var revokeAgain = await admin.DeleteAsync($"/api/api-keys/{key.GetProperty("id").GetString()}");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        await AssertProblemAsync(after, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(revokeAgain, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ApiKey_ShownOnceThenOnlyItsPrefix()
    {
        var admin = await Server.CreateAdminBearerClientAsync();

        using var created = await admin.PostAsJsonAsync("/api/api-keys", new { name = "deploy bot", role = "Viewer" });
        using var list = await admin.GetAsync("/api/api-keys");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = await JsonAsync(created);
        var plain = key.GetProperty("key").GetString()!;
        Assert.StartsWith("ih_", plain);
        Assert.True(plain.Length >= 40);
        Assert.Equal("deploy bot", key.GetProperty("name").GetString());
        Assert.Equal(Roles.Viewer, key.GetProperty("role").GetString());
        var listed = Assert.Single((await JsonAsync(list)).EnumerateArray(), k => k.GetProperty("id").GetString() == key.GetProperty("id").GetString());
        Assert.False(listed.TryGetProperty("key", out _));
        Assert.StartsWith(listed.GetProperty("prefix").GetString()!, plain);
        Assert.DoesNotContain(plain, await list.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ApiKey_BadInput_400NamingTheFields()
    {
        var admin = await Server.CreateAdminBearerClientAsync();

        using var response = await admin.PostAsJsonAsync("/api/api-keys", new { name = "", role = "boss" });

        var errors = (await AssertProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("role", out _));
    }

    [Fact]
    public async Task Users_CreateThenTheUserSignsInWithItsRole_DuplicateEmail409()
    {
        var admin = await Server.CreateClientAsync(Roles.Admin);

        using var created = await admin.PostAsJsonAsync("/api/users", new { email = "Editor@Test.Local", password = "Editor-Password-1", role = "editor" });
        using var duplicate = await admin.PostAsJsonAsync("/api/users", new { email = "editor@test.local", password = "Editor-Password-2", role = "viewer" });
        var tokens = await LoginAsync(Server.CreateClient(), "editor@test.local", "Editor-Password-1");
        using var me = await GetWithBearerAsync(Server.CreateClient(), "/api/auth/me", tokens.GetProperty("accessToken").GetString()!);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var user = await JsonAsync(created);
        Assert.Equal("editor@test.local", user.GetProperty("email").GetString());
        Assert.False(user.TryGetProperty("passwordHash", out _));
        Assert.Equal(created.Headers.Location?.ToString(), $"/api/users/{user.GetProperty("id").GetString()}");
        await AssertProblemAsync(duplicate, HttpStatusCode.Conflict);
        Assert.Equal(Roles.Editor, (await JsonAsync(me)).GetProperty("role").GetString());
    }

    [Theory]
    [InlineData("not-an-email", "Long-Enough-Password", "viewer", "email")]
    [InlineData("", "Long-Enough-Password", "viewer", "email")]
    [InlineData("short@test.local", "short", "viewer", "password")]
    [InlineData("role@test.local", "Long-Enough-Password", "superuser", "role")]
    [InlineData("norole@test.local", "Long-Enough-Password", null, "role")]
    public async Task Users_BadInput_400NamingTheField(string email, string password, string? role, string field)
    {
        var admin = await Server.CreateClientAsync(Roles.Admin);

        using var response = await admin.PostAsJsonAsync("/api/users", new { email, password, role });

        var errors = (await AssertProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Users_UnknownId_404()
    {
        var admin = await Server.CreateClientAsync(Roles.Admin);
        var id = Guid.NewGuid();

        using var update = await admin.PutAsJsonAsync($"/api/users/{id}", new { role = "viewer" });
        using var delete = await admin.DeleteAsync($"/api/users/{id}");

        await AssertProblemAsync(update, HttpStatusCode.NotFound);
        await AssertProblemAsync(delete, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Users_LastAdmin_CannotBeDeletedDemotedOrDisabled()
    {
        await using var fresh = await ProviderServer.StartAsync(Provider); // the bootstrap admin is the only admin
        var admin = await fresh.Factory.CreateClientAsync(Roles.Admin);
        var adminId = await FindUserIdAsync(admin, Admin);

        using var delete = await admin.DeleteAsync($"/api/users/{adminId}");
        using var demote = await admin.PutAsJsonAsync($"/api/users/{adminId}", new { role = "editor" });
        using var disable = await admin.PutAsJsonAsync($"/api/users/{adminId}", new { disabled = true });
        var second = await CreateUserAsync(admin, "second-admin@test.local", Roles.Admin);
        using var demoteNow = await admin.PutAsJsonAsync($"/api/users/{adminId}", new { role = "editor" });
        using var deleteLast = await admin.DeleteAsync($"/api/users/{second}");

        Assert.Equal("Last admin", (await AssertProblemAsync(delete, HttpStatusCode.Conflict)).GetProperty("title").GetString());
        await AssertProblemAsync(demote, HttpStatusCode.Conflict);
        await AssertProblemAsync(disable, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, demoteNow.StatusCode);
        Assert.Equal(Roles.Editor, (await JsonAsync(demoteNow)).GetProperty("role").GetString());
        await AssertProblemAsync(deleteLast, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Users_RoleChange_AppliesToTokensAlreadyIssued()
    {
        var admin = await Server.CreateClientAsync(Roles.Admin);
        var id = await CreateUserAsync(admin, "promoted@test.local", Roles.Viewer);
        var token = (await LoginAsync(Server.CreateClient(), "promoted@test.local", "Viewer-Password-1")).GetProperty("accessToken").GetString()!;
        var client = Server.CreateClient();

        using var before = await GetWithBearerAsync(client, "/api/users", token);
        using var promote = await admin.PutAsJsonAsync($"/api/users/{id}", new { role = "admin" });
        using var after = await GetWithBearerAsync(client, "/api/users", token);

        await AssertProblemAsync(before, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Users_NewPassword_OldOneAndOldSessionsStop()
    {
        var admin = await Server.CreateClientAsync(Roles.Admin);
        var id = await CreateUserAsync(admin, "changer@test.local", Roles.Editor);
        var client = Server.CreateClient();
        var refreshToken = (await LoginAsync(client, "changer@test.local", "Editor-Password-1")).GetProperty("refreshToken").GetString();

        using var change = await admin.PutAsJsonAsync($"/api/users/{id}", new { password = "A-New-Password-2" });
        using var oldPassword = await client.PostAsJsonAsync("/api/auth/login", new { email = "changer@test.local", password = "Editor-Password-1" });
        using var refresh = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });

        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        await AssertProblemAsync(oldPassword, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(refresh, HttpStatusCode.Unauthorized);
        await LoginAsync(client, "changer@test.local", "A-New-Password-2");
    }

    [Fact]
    public async Task Users_Delete_UserCannotSignInAnyMore()
    {
        var admin = await Server.CreateClientAsync(Roles.Admin);
        var id = await CreateUserAsync(admin, "leaver@test.local", Roles.Viewer);
        var token = (await LoginAsync(Server.CreateClient(), "leaver@test.local", "Viewer-Password-1")).GetProperty("accessToken").GetString()!;

        using var delete = await admin.DeleteAsync($"/api/users/{id}");
        using var me = await GetWithBearerAsync(Server.CreateClient(), "/api/auth/me", token);
        using var login = await Server.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "leaver@test.local", password = "Viewer-Password-1" });

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await AssertProblemAsync(me, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(login, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bootstrap_NoPassword_LogsAGeneratedPasswordOnceAndItSignsIn()
    {
        await using var fresh = await ProviderServer.StartAsync(Provider, ("IntellyHub:Bootstrap:AdminEmail", null), ("IntellyHub:Bootstrap:AdminPassword", ""));
        var capture = new LogCapture();
        var server = capture.Attach(fresh.Factory);
        var client = server.CreateClient();

        var created = Assert.Single(capture.Events, e => e.Properties.ContainsKey("Password"));
        var password = ((Serilog.Events.ScalarValue)created.Properties["Password"]).Value as string;
        var tokens = await LoginAsync(client, "admin@localhost", password!);
        using var me = await GetWithBearerAsync(client, "/api/auth/me", tokens.GetProperty("accessToken").GetString()!);

        Assert.Equal(Serilog.Events.LogEventLevel.Warning, created.Level);
        Assert.True(password!.Length >= 20);
        Assert.Equal(Roles.Admin, (await JsonAsync(me)).GetProperty("role").GetString());
        Assert.Single(capture.Containing(password));
    }

    [Fact]
    public async Task Bootstrap_UsersExist_NoAdminCreatedAtRestart()
    {
        await Server.CreateClientAsync(Roles.Viewer); // the first server started and created the admin
        var capture = new LogCapture();
        var restarted = capture.Attach(shared.Server.StartAnother(("IntellyHub:Bootstrap:AdminEmail", "other-admin@test.local"), ("IntellyHub:Bootstrap:AdminPassword", "")));

        using var login = await restarted.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "other-admin@test.local", password = "anything-at-all" });

        await AssertProblemAsync(login, HttpStatusCode.Unauthorized);
        Assert.DoesNotContain(capture.Events, e => e.Properties.ContainsKey("Password"));
    }

    [Fact]
    public async Task GeneratedSigningKey_KeptInTheDatabase_TokensWorkOnAnotherServer()
    {
        var token = (await LoginAsync(Server.CreateClient(), Admin, AdminPassword)).GetProperty("accessToken").GetString()!;
        var other = shared.Server.StartAnother();

        using var me = await GetWithBearerAsync(other.CreateClient(), "/api/auth/me", token);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task Logs_NeverContainPasswordsTokensOrKeys()
    {
        await using var verbose = await ProviderServer.StartAsync(Provider, ("Serilog:MinimumLevel:Default", "Verbose"), ("Serilog:MinimumLevel:Override:Microsoft", "Verbose"));
        var capture = new LogCapture();
        var server = capture.Attach(verbose.Factory);
        var client = server.CreateClient();

        var tokens = await LoginAsync(client, Admin, AdminPassword);
        var access = tokens.GetProperty("accessToken").GetString()!;
        var refresh = tokens.GetProperty("refreshToken").GetString()!;
        using var me = await GetWithBearerAsync(client, "/api/auth/me", access);
        using var refreshed = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = refresh });
        var key = await server.CreateApiKeyAsync(Roles.Editor);
        using var keyRequest = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        keyRequest.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        using var withKey = await client.SendAsync(keyRequest);
        using var badLogin = await client.PostAsJsonAsync("/api/auth/login", new { email = Admin, password = "Wrong-Password-123" });

        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        Assert.NotEmpty(capture.Events);
        foreach (var secret in new[] { AdminPassword, "Wrong-Password-123", access, refresh, key, access.Split('.')[2] })
            Assert.Empty(capture.Containing(secret));
    }

    private static async Task<string> CreateUserAsync(HttpClient admin, string email, string role)
    {
        var password = char.ToUpperInvariant(role[0]) + role[1..] + "-Password-1";
        using var response = await admin.PostAsJsonAsync("/api/users", new { email, password, role });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await JsonAsync(response)).GetProperty("id").GetString()!;
    }

    private static async Task<string> FindUserIdAsync(HttpClient admin, string email)
    {
        using var response = await admin.GetAsync("/api/users");
        return (await JsonAsync(response)).EnumerateArray().Single(u => u.GetProperty("email").GetString() == email).GetProperty("id").GetString()!;
    }
}

/// <summary>One server for the tests of a class.</summary>
public abstract class SharedServer(Provider provider) : IAsyncLifetime
{
    public Provider Provider => provider;
    public ProviderServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ProviderServer.StartAsync(Provider);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class SqliteServer() : SharedServer(Provider.Sqlite);

public sealed class PostgreSqlServer() : SharedServer(Provider.PostgreSql);

public sealed class SqliteAuthTests(SqliteServer server) : AuthSuite<SqliteServer>(server);

public sealed class PostgreSqlAuthTests(PostgreSqlServer server) : AuthSuite<PostgreSqlServer>(server);
