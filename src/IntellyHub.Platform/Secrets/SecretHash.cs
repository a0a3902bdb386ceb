using System.Security.Cryptography;
using System.Text;

namespace IntellyHub.Platform;

/// <summary>
/// High-entropy secrets (refresh tokens, API keys) and how they are stored: only their SHA-256, as lower-case hex.
/// A slow hash is not needed for 256 random bits; a database leak does not reveal a usable secret.
/// </summary>
public static class SecretHash
{
    /// <summary>Characters of a stored hash.</summary>
    public const int Length = 64;

    /// <summary>A new secret: <paramref name="prefix"/> followed by 32 random bytes in URL-safe base64 (43 characters).</summary>
    public static string NewSecret(string prefix = "") =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The stored form of <paramref name="secret"/>.</summary>
    public static string Of(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
