namespace IntellyHub.Activities.Http.Webhooks;

/// <summary>
/// The stimulus of <see cref="Webhook"/>: its path below <c>/webhooks/</c> (normalized like an endpoint's) and, when the
/// flow sets one, its secret (otherwise the host derives the secret from its own key).
/// </summary>
public sealed record WebhookStimulus(string Path, string? Secret = null);
