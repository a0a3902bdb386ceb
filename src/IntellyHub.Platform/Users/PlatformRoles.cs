namespace IntellyHub.Platform.Users;

/// <summary>The roles a user or API key can have (exactly one each): admin, editor, viewer.</summary>
public static class PlatformRoles
{
    /// <summary>Everything, including users and API keys.</summary>
    public const string Admin = "admin";

    /// <summary>Create, edit, publish and run flows.</summary>
    public const string Editor = "editor";

    /// <summary>Read only.</summary>
    public const string Viewer = "viewer";

    /// <summary>Every role, highest first.</summary>
    public static readonly IReadOnlyList<string> All = [Admin, Editor, Viewer];

    /// <summary>The role as stored (lower case) when <paramref name="role"/> names one (case-insensitive); otherwise null.</summary>
    public static string? Normalize(string? role) => All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));
}
