namespace IntellyHub.Server.HttpWorkflows;

/// <summary>HTTP-triggered flows and webhooks (<c>IntellyHub:Http</c>).</summary>
public sealed class HttpWorkflowOptions
{
    public const string Section = "IntellyHub:Http";

    /// <summary>The body size limit of an endpoint that sets none, and of webhooks (default 4 MiB).</summary>
    public long MaxRequestBodySize { get; set; } = 4 * 1024 * 1024;

    /// <summary>How old (or how far ahead) a webhook's signed timestamp may be (default 5 minutes).</summary>
    public TimeSpan WebhookTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often the route table checks whether another replica published or retracted a flow (default 2 s). Changes
    /// made through this process apply at once.
    /// </summary>
    public TimeSpan RouteRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How flows started by requests are kept (default <see cref="HttpFlowPersistence.Durable"/>).</summary>
    public HttpFlowPersistence Persistence { get; set; } = HttpFlowPersistence.Durable;
}

/// <summary>How flows started by HTTP requests and webhooks are kept.</summary>
public enum HttpFlowPersistence
{
    /// <summary>
    /// Like every start: the instance, its journal and bookmarks are committed before the answer (batched) — unless the
    /// definition's commit strategy is Transient.
    /// </summary>
    Durable,

    /// <summary>
    /// Every flow runs transient (as if its commit strategy were Transient): in memory, without a journal; one that
    /// finishes is not stored at all. One that waits or faults is
    /// stored when its run ends (so it can be resumed or looked at), without its journal.
    /// </summary>
    Off,
}
