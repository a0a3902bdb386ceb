using System.Security.Claims;
using IntellyHub.Platform.ApiKeys;
using IntellyHub.Platform.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IntellyHub.Server.Security;

/// <summary>An API key as lists show it: its first characters, never the key.</summary>
public sealed record ApiKeyResponse(Guid Id, string Name, string Role, string Prefix, string? CreatedBy, DateTimeOffset CreatedAt)
{
    internal static ApiKeyResponse From(ApiKeyRecord key) => new(key.Id, key.Name, key.Role, key.Prefix, key.CreatedBy, key.CreatedAt);
}

/// <summary>A new API key with the key in plain text: shown this once, it cannot be read again.</summary>
public sealed record CreatedApiKeyResponse(Guid Id, string Name, string Role, string Key, string Prefix, DateTimeOffset CreatedAt);

/// <summary><c>{name, role}</c> for <c>POST /api/api-keys</c>.</summary>
public sealed record CreateApiKeyRequest(string? Name, string? Role);

/// <summary><c>/api/api-keys</c> (admins only): list, create (the key is in the response only), revoke.</summary>
internal static class ApiKeyEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/api-keys").WithTags("API keys").RequireAuthorization(AccessPolicies.Admin);
        keys.MapGet("/", ListAsync);
        keys.MapPost("/", CreateAsync);
        keys.MapDelete("/{id:guid}", RevokeAsync);
    }

    private static async Task<Ok<ApiKeyResponse[]>> ListAsync(ApiKeyService apiKeys, CancellationToken cancellationToken) =>
        TypedResults.Ok((await apiKeys.ListAsync(cancellationToken)).Select(ApiKeyResponse.From).ToArray());

    private static async Task<Results<Created<CreatedApiKeyResponse>, ValidationProblem>> CreateAsync(
        CreateApiKeyRequest? request, ClaimsPrincipal caller, ApiKeyService apiKeys, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request?.Name?.Trim();
        if (string.IsNullOrEmpty(name)) errors["name"] = ["The name is required."];
        else if (name.Length > ApiKeyService.MaxNameLength) errors["name"] = [$"The name must have at most {ApiKeyService.MaxNameLength} characters."];
        if (request?.Role is null) errors["role"] = [$"The role is required: one of {string.Join(", ", PlatformRoles.All)}."];
        else if (PlatformRoles.Normalize(request.Role) is null) errors["role"] = [$"Unknown role '{request.Role}': use one of {string.Join(", ", PlatformRoles.All)}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var (record, key) = await apiKeys.CreateAsync(name!, request!.Role!, caller.FindFirstValue(AuthClaims.Name), cancellationToken);
        return TypedResults.Created($"/api/api-keys/{record.Id}", new CreatedApiKeyResponse(record.Id, record.Name, record.Role, key, record.Prefix, record.CreatedAt));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(Guid id, ApiKeyService apiKeys, CancellationToken cancellationToken) =>
        await apiKeys.RevokeAsync(id, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "API key not found");
}
