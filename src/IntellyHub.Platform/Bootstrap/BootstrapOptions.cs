using IntellyHub.Platform.Users;
using Microsoft.Extensions.Options;

namespace IntellyHub.Platform.Bootstrap;

/// <summary>The first admin, created at first start when there is no user yet (<c>IntellyHub:Bootstrap</c> in the server).</summary>
public sealed class BootstrapOptions
{
    public const string DefaultAdminEmail = "admin@localhost";

    /// <summary>The first admin's email (empty: <see cref="DefaultAdminEmail"/>).</summary>
    public string? AdminEmail { get; set; } = DefaultAdminEmail;

    /// <summary><see cref="AdminEmail"/>, or the default when it is empty.</summary>
    public string EffectiveAdminEmail => string.IsNullOrWhiteSpace(AdminEmail) ? DefaultAdminEmail : AdminEmail;

    /// <summary>The first admin's password; when empty a strong one is generated and logged once.</summary>
    public string? AdminPassword { get; set; }
}

/// <summary>The admin email must be an address and a given password must follow <see cref="PasswordRules"/>.</summary>
public sealed class BootstrapOptionsValidator(string section) : IValidateOptions<BootstrapOptions>
{
    public ValidateOptionsResult Validate(string? name, BootstrapOptions options)
    {
        List<string> errors = [];
        if (EmailAddresses.Normalize(options.EffectiveAdminEmail, out var emailError) is null) errors.Add($"{section}:AdminEmail: {emailError}");
        if (!string.IsNullOrEmpty(options.AdminPassword) && PasswordRules.Check(options.AdminPassword) is { } passwordError)
            errors.Add($"{section}:AdminPassword: {passwordError}");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
