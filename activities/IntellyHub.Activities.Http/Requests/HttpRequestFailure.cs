namespace IntellyHub.Activities.Http.Requests;

/// <summary>Why an HTTP request got no response.</summary>
public enum HttpRequestFailure
{
    /// <summary>It got a response.</summary>
    None,

    /// <summary>No connection, or the connection broke (refused, DNS, TLS, reset), after every retry.</summary>
    FailedToConnect,

    /// <summary>An attempt or the whole request took longer than allowed, after every retry.</summary>
    Timeout,
}
