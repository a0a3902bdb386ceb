namespace IntellyHub.Platform.Users;

/// <summary>A person who signs in with an email and a password.</summary>
public sealed class UserRecord
{
    public Guid Id { get; set; }

    /// <summary>Lower case, unique.</summary>
    public string Email { get; set; } = "";

    /// <summary>ASP.NET Core Identity's PBKDF2 hash (never the password).</summary>
    public string PasswordHash { get; set; } = "";

    /// <summary>One of <see cref="PlatformRoles"/>.</summary>
    public string Role { get; set; } = PlatformRoles.Viewer;

    /// <summary>A disabled user cannot sign in, and tokens already issued stop working.</summary>
    public bool Disabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
