using IntellyHub.Extensions;

// The IntellyHub server: one host for the engine, the durable runtime and (as they land) the REST API.
// `dotnet run --project src/IntellyHub.Server` serves on http://localhost:5000 with SQLite under data/;
// `… -- migrate` applies the database migrations and exits (see README, "Server").
var builder = WebApplication.CreateBuilder(args);

builder.AddServerLogging();                                                        // Serilog, from the "Serilog" section
builder.Services.AddIntellyHub(hub => hub.UseRuntime(runtime => runtime.UseServerConfiguration())); // engine + runtime: IntellyHub:Database, IntellyHub:Runtime
builder.Services.AddServerProblemDetails();                                        // every error is ProblemDetails
builder.Services.AddServerHealthChecks();                                          // /health, /health/ready
builder.Services.AddServerOpenApi();                                               // /openapi/v1.json, /scalar
builder.Services.AddServerCors();                                                  // off unless IntellyHub:Cors:AllowedOrigins

var app = builder.Build();

app.UseServerRequestLogging();
app.UseServerProblemDetails();
app.UseCors();
app.MapServerHealthChecks();
app.MapServerOpenApi();

return await app.RunServerAsync(args);

/// <summary>The server's entry point (public for WebApplicationFactory in the tests).</summary>
public partial class Program;
