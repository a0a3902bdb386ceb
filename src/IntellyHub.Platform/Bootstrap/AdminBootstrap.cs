using IntellyHub.Platform.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntellyHub.Platform.Bootstrap;

/// <summary>Creates the first admin when there is no user (at start, and after the migrate command).</summary>
public sealed partial class AdminBootstrap(UserAccounts users, IOptions<BootstrapOptions> options, ILogger<AdminBootstrap> logger)
{
    /// <summary>Creates the admin of <see cref="BootstrapOptions"/> unless a user exists; true when it was created here.</summary>
    public async Task<bool> EnsureAdminAsync(CancellationToken cancellationToken = default)
    {
        if (await users.AnyAsync(cancellationToken)) return false;
        var settings = options.Value;
        var generated = string.IsNullOrEmpty(settings.AdminPassword);
        var password = generated ? PasswordRules.Generate() : settings.AdminPassword!;
        var (outcome, user) = await users.CreateAsync(settings.EffectiveAdminEmail, password, PlatformRoles.Admin, cancellationToken);
        if (outcome != UserChangeOutcome.Done) return false; // another replica created it at the same time

        // The generated password is logged here, once, at Warning: the only place a secret is ever logged, so that
        // the operator can sign in. It is not stored anywhere else in plain text and not shown again.
        if (generated) LogCreatedWithGeneratedPassword(logger, user!.Email, password);
        else LogCreated(logger, user!.Email);
        return true;
    }

    [LoggerMessage(3000, LogLevel.Warning, "No user existed: created the admin {Email} with the generated password {Password} (sign in and change it with PUT /api/users/{{id}}; it is not shown again)")]
    private static partial void LogCreatedWithGeneratedPassword(ILogger logger, string email, string password);

    [LoggerMessage(3001, LogLevel.Information, "No user existed: created the admin {Email} with the configured bootstrap password")]
    private static partial void LogCreated(ILogger logger, string email);
}
