using System.Collections.Concurrent;
using System.Net.Http.Headers;
using IntellyHub.Runtime.Tests.Testing;
using IntellyHub.Server.Security;

namespace IntellyHub.Server.Tests.Testing;

/// <summary>
/// One real server per test class (SQLite file or a fresh PostgreSQL database) with clients of each role. Every
/// response any client receives is recorded, so a class can assert that no request produced a 5xx.
/// </summary>
public abstract class ApiServer : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _serverErrors = new();

    public ServerFactory Factory { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;
    public HttpClient Editor { get; private set; } = null!;
    public HttpClient Viewer { get; private set; } = null!;
    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>Every request that was answered with a 5xx: method, path and status.</summary>
    public IReadOnlyCollection<string> ServerErrors => _serverErrors;

    protected abstract Task<ServerFactory> CreateFactoryAsync();

    public async Task InitializeAsync()
    {
        Factory = await CreateFactoryAsync();
        Admin = await CreateClientAsync(Roles.Admin);
        Editor = await CreateClientAsync(Roles.Editor);
        Viewer = await CreateClientAsync(Roles.Viewer);
        Anonymous = Factory.CreateDefaultClient(new StatusRecorder(_serverErrors));
    }

    public virtual Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A client with an API key of <paramref name="role"/> whose responses are recorded.</summary>
    public async Task<HttpClient> CreateClientAsync(string role)
    {
        var key = await Factory.CreateApiKeyAsync(role);
        var client = Factory.CreateDefaultClient(new StatusRecorder(_serverErrors));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        return client;
    }

    private sealed class StatusRecorder(ConcurrentQueue<string> errors) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode >= 500) errors.Enqueue($"{request.Method} {request.RequestUri?.PathAndQuery} → {(int)response.StatusCode}");
            return response;
        }
    }
}

/// <summary>The server on a fresh SQLite file.</summary>
public sealed class SqliteApiServer : ApiServer
{
    private readonly TempFolder _folder = new();

    protected override Task<ServerFactory> CreateFactoryAsync() => Task.FromResult(ServerFactory.Sqlite(_folder.Path));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }
}

/// <summary>The server on a fresh PostgreSQL database.</summary>
public sealed class PostgreSqlApiServer : ApiServer
{
    private TestDatabase? _database;

    protected override async Task<ServerFactory> CreateFactoryAsync()
    {
        _database = await TestDatabase.CreateAsync(Provider.PostgreSql);
        return ServerFactory.PostgreSql(_database.ConnectionString);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}
