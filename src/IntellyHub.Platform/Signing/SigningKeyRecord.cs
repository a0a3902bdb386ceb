namespace IntellyHub.Platform.Signing;

/// <summary>A generated signing key kept in the database, so tokens survive restarts and every replica checks them alike.</summary>
public sealed class SigningKeyRecord
{
    /// <summary>What the key is for (e.g. <c>access-tokens</c>).</summary>
    public string Id { get; set; } = "";

    /// <summary>The key bytes, base64.</summary>
    public string Key { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
