using System.Net.Http.Headers;

namespace IntellyHub.Activities.Http.Requests;

/// <summary>
/// An HTTP request as evaluated from an activity's inputs, able to make a fresh <see cref="HttpRequestMessage"/>
/// for every attempt (a message cannot be sent twice).
/// </summary>
public sealed class OutgoingHttpRequest
{
    /// <summary>A request to <paramref name="url"/>.</summary>
    public OutgoingHttpRequest(HttpMethod method, Uri url)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new InvalidOperationException("Url must be an absolute http or https URL.");
        Method = method;
        Url = url;
    }

    public HttpMethod Method { get; }
    public Uri Url { get; }

    /// <summary>The body and its content type, or null for none.</summary>
    public HttpRequestBody? Body { get; init; }

    /// <summary>The Authorization header value (never logged).</summary>
    public string? Authorization { get; init; }

    /// <summary>Sends <see cref="Authorization"/> as it is instead of checking it is <c>scheme parameter</c>.</summary>
    public bool SkipAuthorizationValidation { get; init; }

    /// <summary>More headers; content headers (<c>Content-Language</c>…) go on the body.</summary>
    public HttpHeaders? Headers { get; init; }

    /// <summary>The URL without query string or user info, for logs.</summary>
    public string LogTarget => $"{Url.Scheme}://{Url.Authority}{Url.AbsolutePath}";

    /// <summary>A new message for one attempt.</summary>
    public HttpRequestMessage CreateMessage()
    {
        var message = new HttpRequestMessage(Method, Url);
        if (Body is { } body)
        {
            message.Content = new ByteArrayContent(body.Bytes);
            message.Content.Headers.ContentType = body.ContentType;
        }

        if (!string.IsNullOrWhiteSpace(Authorization))
        {
            if (SkipAuthorizationValidation)
                message.Headers.TryAddWithoutValidation("Authorization", Authorization);
            else if (AuthenticationHeaderValue.TryParse(Authorization, out var value))
                message.Headers.Authorization = value;
            else // the value itself is a secret: never put it in the message
                throw new InvalidOperationException("Authorization is not a valid header value (expected 'scheme parameter', e.g. 'Bearer <token>'); set DisableAuthorizationHeaderValidation to send it as it is.");
        }

        if (Headers is not null)
        {
            foreach (var (name, values) in Headers)
            {
                if (message.Headers.TryAddWithoutValidation(name, values)) continue;
                if (message.Content is null || !message.Content.Headers.TryAddWithoutValidation(name, values))
                    throw new InvalidOperationException($"Header '{name}' cannot be sent with this request (a content header needs Content).");
            }
        }

        return message;
    }
}

/// <summary>A request body: its bytes and content type.</summary>
public sealed record HttpRequestBody(byte[] Bytes, MediaTypeHeaderValue ContentType);
