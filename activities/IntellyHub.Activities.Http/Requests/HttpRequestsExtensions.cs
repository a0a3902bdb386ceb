using IntellyHub.Workflows.Registration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IntellyHub.Activities.Http.Requests;

/// <summary>Registers outgoing HTTP requests: <c>services.AddIntellyHub(hub => hub.AddHttpRequests())</c>.</summary>
public static class HttpRequestsExtensions
{
    /// <summary>
    /// Adds <c>Elsa.SendHttpRequest</c> and <c>Elsa.FlowSendHttpRequest</c>, the pooled <see cref="HttpClient"/>
    /// named <see cref="HttpRequestSender.ClientName"/> (no client-side timeout: the activities' timeouts apply;
    /// the factory's own request logging is removed, as it would log URLs with their query strings) and
    /// <see cref="HttpRequestSender"/>. <paramref name="configureClient"/> changes the client (handlers, proxy…).
    /// </summary>
    public static IntellyHubBuilder AddHttpRequests(this IntellyHubBuilder hub, Action<IHttpClientBuilder>? configureClient = null)
    {
        hub.AddActivity<SendHttpRequest>().AddActivity<FlowSendHttpRequest>();
        var client = hub.Services.AddHttpClient(HttpRequestSender.ClientName, c => c.Timeout = System.Threading.Timeout.InfiniteTimeSpan).RemoveAllLoggers();
        configureClient?.Invoke(client);
        hub.Services.TryAddSingleton<HttpRequestSender>();
        return hub;
    }
}
