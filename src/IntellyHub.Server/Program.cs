using IntellyHub.Activities.Http;
using IntellyHub.Activities.Http.Requests;
using IntellyHub.Extensions;

// The IntellyHub server: one host for the engine, the durable runtime and (as they land) the REST API.
// `dotnet run --project src/IntellyHub.Server` serves on http://localhost:5000 with SQLite under data/;
// `… -- migrate` applies the database migrations and exits (see README, "Server").
var builder = WebApplication.CreateBuilder(args);

builder.AddServerLogging();                                                        // Serilog, from the "Serilog" section
builder.Services.AddConcurrentStart();                                             // database and web host start side by side
builder.Services.AddIntellyHub(hub => hub.UseRuntime(runtime => runtime.UseServerConfiguration())  // engine + runtime: IntellyHub:Database, IntellyHub:Runtime
    .AddActivitiesFrom(typeof(HttpActivities).Assembly)                            // HTTP activities (endpoint, response, webhook, request)
    .AddHttpRequests()                                                             // outgoing HTTP for SendHttpRequest (client factory, resilience)
    .UseServerKubernetes());                                                       // Kubernetes Job activities and their watcher: IntellyHub:Kubernetes
builder.Services.AddServerProblemDetails();                                        // every error is ProblemDetails
builder.Services.AddServerHealthChecks();                                          // /health, /health/ready
builder.Services.AddServerOpenApi();                                               // /openapi/v1.json, /scalar
builder.Services.AddServerCors();                                                  // off unless IntellyHub:Cors:AllowedOrigins
builder.Services.AddServerAuthentication();                                        // users, API keys, roles: IntellyHub:Auth, IntellyHub:Bootstrap
builder.Services.AddWorkflowApi();                                                 // /elsa/api, the Elsa 3 REST API Studio calls
builder.Services.AddHttpWorkflows();                                               // HTTP-triggered flows and webhooks: IntellyHub:Http

var app = builder.Build();

app.UseStartupGate();                                                              // requests wait until every service has started
app.UseServerRequestLogging();
app.UseServerProblemDetails();
app.UseServerCors();                                                               // when IntellyHub:Cors:AllowedOrigins lists any
app.UseServerAuthentication();                                                     // who calls (API key, bearer token, cookie) and may they
app.MapServerHealthChecks();
app.MapServerOpenApi();
app.MapAuthEndpoints();                                                            // /api/auth, /api/users, /api/api-keys
app.MapWorkflowApi();                                                              // /elsa/api: definitions, descriptors, instances, journal
app.MapHttpWorkflows();                                                            // /workflows/{**path}, /webhooks/{**path}, /api/webhooks
app.MapKubernetesRunEndpoints();                                                   // /api/kubernetes/runs: the Kubernetes executor's one-time-token calls
app.MapWebApp();                                                                   // /app/: the web shell with Elsa Studio (built from studio/)

return await app.RunServerAsync(args);

/// <summary>The server's entry point (public for WebApplicationFactory in the tests).</summary>
public partial class Program;
