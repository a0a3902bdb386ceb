using IntellyHub.Workflows.Activities;

namespace IntellyHub.Activities.Http.Requests;

/// <summary>A status code <see cref="SendHttpRequest"/> expects and the activity it runs when the response has it.</summary>
public sealed class HttpStatusCodeCase
{
    /// <summary>An empty case (used by the serializer).</summary>
    public HttpStatusCodeCase() { }

    /// <summary>A case running <paramref name="activity"/> on <paramref name="statusCode"/>.</summary>
    public HttpStatusCodeCase(int statusCode, Activity? activity)
    {
        StatusCode = statusCode;
        Activity = activity;
    }

    /// <summary>The status code to match.</summary>
    public int StatusCode { get; set; }

    /// <summary>The activity to run when the status code matches (none: the request just completes).</summary>
    public Activity? Activity { get; set; }
}
