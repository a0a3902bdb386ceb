using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IntellyHub.Activities.Http.Webhooks;

/// <summary>
/// The webhook signature: header <c>X-IntellyHub-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>, where v1 is the
/// lower-case hex HMAC-SHA256, keyed with the secret's UTF-8 bytes, of the timestamp, a dot and the raw body
/// (<c>{t}.{body}</c>). Several <c>v1</c> values may be sent (a sender rotating secrets); one matching is enough.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header carrying the signature.</summary>
    public const string HeaderName = "X-IntellyHub-Signature";

    /// <summary>The signature of <paramref name="body"/> sent at <paramref name="timestamp"/> (unix seconds), hex.</summary>
    public static string Compute(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    /// <summary>The header value for a body: <c>t=…,v1=…</c>.</summary>
    public static string CreateHeader(string secret, long timestamp, ReadOnlySpan<byte> body) =>
        $"t={timestamp.ToString(CultureInfo.InvariantCulture)},v1={Compute(secret, timestamp, body)}";

    /// <summary>Reads a header value; false when it has no timestamp or no v1 signature.</summary>
    public static bool TryParse(string? header, out long timestamp, out IReadOnlyList<string> signatures)
    {
        timestamp = 0;
        var found = new List<string>();
        signatures = found;
        var hasTimestamp = false;
        if (string.IsNullOrEmpty(header)) return false;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0) continue;
            var key = part[..equals];
            var value = part[(equals + 1)..];
            if (key == "t") hasTimestamp = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out timestamp);
            else if (key == "v1" && value.Length == 64) found.Add(value.ToLowerInvariant());
        }

        return hasTimestamp && found.Count > 0;
    }

    /// <summary>True when one of <paramref name="signatures"/> is the signature of the body (compared in constant time).</summary>
    public static bool Matches(string secret, long timestamp, ReadOnlySpan<byte> body, IReadOnlyList<string> signatures)
    {
        var expected = Encoding.ASCII.GetBytes(Compute(secret, timestamp, body));
        var matched = false;
        foreach (var signature in signatures)
            matched |= CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
        return matched;
    }
}
