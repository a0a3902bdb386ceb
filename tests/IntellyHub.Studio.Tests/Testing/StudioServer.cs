using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IntellyHub.Studio.Tests.Testing;

/// <summary>
/// The real server listening on a free loopback port (Kestrel, not the in-memory TestServer: a browser needs a socket),
/// on a fresh SQLite file, with the bootstrap admin below. It serves the web app its build produced.
/// </summary>
public sealed class StudioServer : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@studio.test";
    public const string AdminPassword = "Admin-Password-1!";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ih-studio-tests", Guid.NewGuid().ToString("N"));

    public StudioServer()
    {
        Directory.CreateDirectory(_folder);
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").TrimEnd('/') + "/");
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["IntellyHub:Database:Provider"] = "Sqlite",
            ["ConnectionStrings:IntellyHub"] = $"Data Source={Path.Combine(_folder, "intellyhub.db")}",
            ["IntellyHub:Bootstrap:AdminEmail"] = AdminEmail,
            ["IntellyHub:Bootstrap:AdminPassword"] = AdminPassword,
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
    }

    /// <summary>A client of the server's API signed in as the admin (bearer token).</summary>
    public async Task<HttpClient> CreateAdminClientAsync()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        using var response = await client.PostAsJsonAsync("api/auth/login", new { email = AdminEmail, password = AdminPassword });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Creates a user of <paramref name="role"/> (admin only) and returns the credentials.</summary>
    public async Task<(string Email, string Password)> CreateUserAsync(HttpClient admin, string role)
    {
        var email = $"{role}-{Guid.NewGuid():N}@studio.test";
        const string password = "User-Password-1!";
        using var response = await admin.PostAsJsonAsync("api/users", new { email, password, role });
        response.EnsureSuccessStatusCode();
        return (email, password);
    }

    /// <summary>Stores (and optionally publishes) a flowchart of WriteLine activities through the workflow API; returns its definition id.</summary>
    public static async Task<string> CreateDefinitionAsync(HttpClient admin, string name, bool publish, params string[] lines)
    {
        var activities = new JsonArray();
        var connections = new JsonArray();
        for (var i = 0; i < lines.Length; i++)
        {
            activities.Add(new JsonObject
            {
                ["id"] = $"line{i + 1}", ["type"] = "Elsa.WriteLine", ["version"] = 1, ["name"] = $"WriteLine{i + 1}",
                ["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = i * 260, ["y"] = 0 } } },
                ["text"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = lines[i] } },
            });
            if (i > 0)
            {
                connections.Add(new JsonObject
                {
                    ["source"] = new JsonObject { ["activity"] = $"line{i}", ["port"] = "Done" },
                    ["target"] = new JsonObject { ["activity"] = $"line{i + 1}", ["port"] = "In" },
                });
            }
        }

        var request = new JsonObject
        {
            ["model"] = new JsonObject
            {
                ["name"] = name, ["toolVersion"] = "3.8.0.0",
                ["root"] = new JsonObject { ["id"] = "flowchart1", ["type"] = "Elsa.Flowchart", ["version"] = 1, ["name"] = "Flowchart1", ["activities"] = activities, ["connections"] = connections },
            },
            ["publish"] = publish,
        };
        using var response = await admin.PostAsJsonAsync("elsa/api/workflow-definitions", request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Saving the definition failed: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["workflowDefinition"]!["definitionId"]!.GetValue<string>();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open goes with the temp directory later
        }
    }
}
