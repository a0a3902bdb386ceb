using System.Text;
using Microsoft.Extensions.Options;

namespace IntellyHub.Server.Security;

/// <summary>Access and refresh tokens, bound from <c>IntellyHub:Auth</c> and checked at start.</summary>
public sealed class AuthOptions
{
    public const string Section = "IntellyHub:Auth";

    /// <summary>HS256 needs a key of at least 256 bits.</summary>
    public const int MinSigningKeyBytes = 32;

    /// <summary>
    /// The access-token signing key (at least 32 bytes of UTF-8; every replica must have the same). When empty a
    /// random key is generated once and kept in the database, so tokens survive restarts and work on every replica.
    /// </summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "IntellyHub";
    public string Audience { get; set; } = "IntellyHub";

    /// <summary>How long an access token (and the access cookie) is valid; short, as it cannot be revoked.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a refresh token is valid; every refresh issues a new one.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);
}

/// <summary>Checks <see cref="AuthOptions"/>, naming each bad setting.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        List<string> errors = [];
        if (!string.IsNullOrEmpty(options.SigningKey) && Encoding.UTF8.GetByteCount(options.SigningKey) < AuthOptions.MinSigningKeyBytes)
            errors.Add($"{AuthOptions.Section}:SigningKey must have at least {AuthOptions.MinSigningKeyBytes} bytes (or be left empty to use a generated key kept in the database).");
        if (string.IsNullOrWhiteSpace(options.Issuer)) errors.Add($"{AuthOptions.Section}:Issuer must not be empty.");
        if (string.IsNullOrWhiteSpace(options.Audience)) errors.Add($"{AuthOptions.Section}:Audience must not be empty.");
        if (options.AccessTokenLifetime < TimeSpan.FromMinutes(1) || options.AccessTokenLifetime > TimeSpan.FromDays(1))
            errors.Add($"{AuthOptions.Section}:AccessTokenLifetime must be between 00:01:00 and 1.00:00:00.");
        if (options.RefreshTokenLifetime <= options.AccessTokenLifetime || options.RefreshTokenLifetime > TimeSpan.FromDays(365))
            errors.Add($"{AuthOptions.Section}:RefreshTokenLifetime must be longer than the access token lifetime and at most 365.00:00:00.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
