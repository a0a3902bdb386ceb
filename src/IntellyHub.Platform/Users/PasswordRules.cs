using System.Security.Cryptography;

namespace IntellyHub.Platform.Users;

/// <summary>What a password must be: long enough (length beats composition rules), and not absurdly long.</summary>
public static class PasswordRules
{
    public const int MinLength = 12;
    public const int MaxLength = 256;

    /// <summary>Why <paramref name="password"/> is not acceptable, or null when it is.</summary>
    public static string? Check(string? password) =>
        string.IsNullOrEmpty(password) ? "The password is required."
        : password.Length < MinLength ? $"The password must have at least {MinLength} characters."
        : password.Length > MaxLength ? $"The password must have at most {MaxLength} characters."
        : null;

    /// <summary>A strong random password (24 characters: letters, digits and a few symbols; about 140 bits).</summary>
    public static string Generate()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_!+";
        return RandomNumberGenerator.GetString(alphabet, 24);
    }
}
