using IntellyHub.Platform.Users;

namespace IntellyHub.Server.Security;

/// <summary>The three roles. A user or API key has exactly one; each role includes the ones below it.</summary>
public static class Roles
{
    /// <summary>Everything, including users and API keys.</summary>
    public const string Admin = PlatformRoles.Admin;

    /// <summary>Create, edit, publish and run flows.</summary>
    public const string Editor = PlatformRoles.Editor;

    /// <summary>Read only.</summary>
    public const string Viewer = PlatformRoles.Viewer;

    /// <summary>Every role, highest first.</summary>
    public static readonly IReadOnlyList<string> All = PlatformRoles.All;

    /// <summary>True when <paramref name="role"/> names one of the roles (case-insensitive).</summary>
    public static bool IsKnown(string? role) => PlatformRoles.Normalize(role) is not null;
}

/// <summary>The authorization policies every endpoint names: read (any role), edit (editor or admin), admin.</summary>
public static class AccessPolicies
{
    /// <summary>Any signed-in user or API key.</summary>
    public const string Read = "read";

    /// <summary>Editors and admins.</summary>
    public const string Edit = "edit";

    /// <summary>Admins only.</summary>
    public const string Admin = PlatformRoles.Admin;
}
