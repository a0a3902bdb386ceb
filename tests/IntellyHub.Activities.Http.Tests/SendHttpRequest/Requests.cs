using IntellyHub.Activities.Http.Requests;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Expressions;

namespace IntellyHub.Activities.Http.Tests.SendHttpRequest;

/// <summary>Builds request activities for the tests.</summary>
internal static class Requests
{
    public static FlowSendHttpRequest Flow(Uri url, string method = "GET", params int[] expected) => new()
    {
        Id = "http1",
        Url = new Input<Uri?>(url),
        Method = new Input<string>(method),
        ExpectedStatusCodes = expected.Length == 0 ? null : new Input<ICollection<int>>(expected.ToList()),
    };

    public static Input<object?> Json(string json) => new(Expression.Object(json));

    /// <summary>A free loopback port nobody listens on (bound, then released).</summary>
    public static Uri RefusedUrl()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/nothing");
    }
}
