using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace IntellyHub.Server.Tests.Testing;

/// <summary>
/// Signed-in clients for server tests: every <see cref="ServerFactory"/> server has the bootstrap admin below,
/// and <see cref="CreateClientAsync"/> gives a client carrying an API key of a chosen role.
/// </summary>
public static class AuthenticatedClients
{
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "Admin-Password-1!";

    /// <summary>The settings that make the server create the admin above at first start (ServerFactory adds them by default).</summary>
    public static (string Key, string? Value)[] BootstrapSettings { get; } =
    [
        ("IntellyHub:Bootstrap:AdminEmail", AdminEmail),
        ("IntellyHub:Bootstrap:AdminPassword", AdminPassword),
    ];

    /// <summary>
    /// A client whose requests carry <c>Authorization: ApiKey …</c> for a new API key of <paramref name="role"/>
    /// (admin, editor or viewer), created by the bootstrap admin through <c>/api/auth/login</c> and <c>/api/api-keys</c>.
    /// </summary>
    public static async Task<HttpClient> CreateClientAsync(this WebApplicationFactory<Program> factory, string role)
    {
        var key = await CreateApiKeyAsync(factory, role);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        return client;
    }

    /// <summary>A client with the admin's bearer access token (from <c>/api/auth/login</c>).</summary>
    public static async Task<HttpClient> CreateAdminBearerClientAsync(this WebApplicationFactory<Program> factory)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync(client));
        return client;
    }

    /// <summary>A new API key of <paramref name="role"/>, in plain text.</summary>
    public static async Task<string> CreateApiKeyAsync(this WebApplicationFactory<Program> factory, string role)
    {
        using var admin = await factory.CreateAdminBearerClientAsync();
        using var response = await admin.PostAsJsonAsync("/api/api-keys", new { name = $"test {role} {Guid.NewGuid():N}", role });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Creating a {role} API key failed: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("key").GetString()!;
    }

    private static async Task<string> LoginAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email = AdminEmail, password = AdminPassword });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"The admin login failed: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("accessToken").GetString()!;
    }
}
