using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using IntellyHub.Platform.Signing;

namespace IntellyHub.Server.HttpWorkflows;

/// <summary>
/// The secrets of webhooks that set none: derived (HMAC-SHA256) from a random key the server generates once and keeps in
/// the database (shared by every replica), the definition id and the webhook's activity id. Nothing per webhook is
/// stored; the same webhook keeps its secret across versions. Secrets are never logged.
/// </summary>
internal sealed class WebhookSecrets(SigningKeyStore keys)
{
    private const string KeyId = "webhook-secrets";
    private const string Prefix = "whsec_";
    private readonly Lazy<Task<byte[]>> _key = new(() => keys.GetOrCreateAsync(KeyId, 32));

    /// <summary>The secret of a webhook: its own when the flow sets one, else the derived one.</summary>
    public async ValueTask<string> GetAsync(WebhookRoute route)
    {
        if (!string.IsNullOrEmpty(route.Secret)) return route.Secret;
        var key = await _key.Value;
        var derived = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"webhook:{route.Definition.DefinitionId}:{route.ActivityId}"));
        return Prefix + Base64Url.EncodeToString(derived);
    }
}
