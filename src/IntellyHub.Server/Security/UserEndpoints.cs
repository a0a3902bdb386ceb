using IntellyHub.Platform.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IntellyHub.Server.Security;

/// <summary>A user as the API shows it (never the password hash).</summary>
public sealed record UserResponse(Guid Id, string Email, string Role, bool Disabled, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    internal static UserResponse From(UserRecord user) => new(user.Id, user.Email, user.Role, user.Disabled, user.CreatedAt, user.UpdatedAt);
}

/// <summary><c>{email, password, role}</c> for <c>POST /api/users</c>.</summary>
public sealed record CreateUserRequest(string? Email, string? Password, string? Role);

/// <summary><c>{role?, password?, disabled?}</c> for <c>PUT /api/users/{id}</c>; what is left out stays as it is.</summary>
public sealed record UpdateUserRequest(string? Role, string? Password, bool? Disabled);

/// <summary><c>/api/users</c> (admins only): list, create, change role/password/disabled, delete. The last enabled admin stays.</summary>
internal static class UserEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(AccessPolicies.Admin);
        users.MapGet("/", ListAsync);
        users.MapPost("/", CreateAsync);
        users.MapPut("/{id:guid}", UpdateAsync);
        users.MapDelete("/{id:guid}", DeleteAsync);
    }

    private static async Task<Ok<UserResponse[]>> ListAsync(UserAccounts users, CancellationToken cancellationToken) =>
        TypedResults.Ok((await users.ListAsync(cancellationToken)).Select(UserResponse.From).ToArray());

    private static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateUserRequest? request, UserAccounts users, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (EmailAddresses.Normalize(request?.Email, out var emailError) is null) errors["email"] = [emailError!];
        if (PasswordRules.Check(request?.Password) is { } passwordError) errors["password"] = [passwordError];
        if (RoleError(request?.Role, required: true) is { } roleError) errors["role"] = [roleError];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var (outcome, user) = await users.CreateAsync(request!.Email!, request.Password!, request.Role!, cancellationToken);
        return outcome == UserChangeOutcome.Done
            ? TypedResults.Created($"/api/users/{user!.Id}", UserResponse.From(user))
            : Problem(outcome);
    }

    private static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateUserRequest? request, UserAccounts users, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request?.Password is not null && PasswordRules.Check(request.Password) is { } passwordError) errors["password"] = [passwordError];
        if (RoleError(request?.Role, required: false) is { } roleError) errors["role"] = [roleError];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var (outcome, user) = await users.UpdateAsync(id, new UserChanges(request?.Role, request?.Password, request?.Disabled), cancellationToken);
        return outcome == UserChangeOutcome.Done ? TypedResults.Ok(UserResponse.From(user!)) : Problem(outcome);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, UserAccounts users, CancellationToken cancellationToken)
    {
        var outcome = await users.DeleteAsync(id, cancellationToken);
        return outcome == UserChangeOutcome.Done ? TypedResults.NoContent() : Problem(outcome);
    }

    private static string? RoleError(string? role, bool required) =>
        role is null ? (required ? $"The role is required: one of {string.Join(", ", PlatformRoles.All)}." : null)
        : PlatformRoles.Normalize(role) is null ? $"Unknown role '{role}': use one of {string.Join(", ", PlatformRoles.All)}."
        : null;

    private static ProblemHttpResult Problem(UserChangeOutcome outcome) => outcome switch
    {
        UserChangeOutcome.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "User not found"),
        UserChangeOutcome.DuplicateEmail => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Email already in use",
            detail: "Another user has this email."),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Last admin",
            detail: "This is the last enabled admin: make another user admin first."),
    };
}
