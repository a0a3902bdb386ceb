namespace IntellyHub.Runtime.Definitions;

/// <summary>Which version of a definition to use (Elsa's VersionOptions).</summary>
public readonly record struct VersionOptions(VersionKind Kind, int Version = 0)
{
    public static VersionOptions Latest => new(VersionKind.Latest);
    public static VersionOptions Published => new(VersionKind.Published);
    public static VersionOptions LatestOrPublished => new(VersionKind.LatestOrPublished);
    public static VersionOptions Draft => new(VersionKind.Draft);
    public static VersionOptions AllVersions => new(VersionKind.AllVersions);
    public static VersionOptions SpecificVersion(int version) => new(VersionKind.Specific, version);

    /// <summary>Parses Elsa's strings (<c>Latest</c>, <c>Published</c>, <c>LatestOrPublished</c>, <c>Draft</c>, <c>AllVersions</c>, a number); empty means any.</summary>
    public static bool TryParse(string? text, out VersionOptions options)
    {
        options = AllVersions;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (int.TryParse(text, out var version))
        {
            options = SpecificVersion(version);
            return true;
        }

        if (!Enum.TryParse<VersionKind>(text, ignoreCase: true, out var kind) || kind == VersionKind.Specific) return false;
        options = new VersionOptions(kind);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Kind == VersionKind.Specific ? Version.ToString(System.Globalization.CultureInfo.InvariantCulture) : Kind.ToString();
}

/// <summary>Kinds of <see cref="VersionOptions"/>.</summary>
public enum VersionKind
{
    Latest,
    Published,
    LatestOrPublished,
    LatestAndPublished,
    Draft,
    AllVersions,
    Specific,
}
