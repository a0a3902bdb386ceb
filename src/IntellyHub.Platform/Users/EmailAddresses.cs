using System.Net.Mail;

namespace IntellyHub.Platform.Users;

/// <summary>How emails are checked and stored: trimmed, lower case, one plain address.</summary>
public static class EmailAddresses
{
    public const int MaxLength = 256;

    /// <summary>The stored form of <paramref name="email"/>, or null with the reason it is not an address.</summary>
    public static string? Normalize(string? email, out string? error)
    {
        var trimmed = email?.Trim() ?? "";
        error = trimmed.Length == 0 ? "The email is required."
            : trimmed.Length > MaxLength ? $"The email is longer than {MaxLength} characters."
            : !MailAddress.TryCreate(trimmed, out var address) || address.Address != trimmed || address.DisplayName.Length > 0 ? "The email is not a valid address."
            : null;
        return error is null ? trimmed.ToLowerInvariant() : null;
    }
}
