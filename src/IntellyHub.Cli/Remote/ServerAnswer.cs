using System.Net;
using System.Text;
using System.Text.Json;

namespace IntellyHub.Cli.Remote;

/// <summary>One HTTP answer of the server, read to the end.</summary>
public sealed class ServerAnswer(HttpStatusCode status, string? reasonPhrase, byte[] body)
{
    /// <summary>The status code.</summary>
    public HttpStatusCode Status { get; } = status;

    /// <summary>The body as received.</summary>
    public byte[] Body { get; } = body;

    /// <summary>True for a 2xx status.</summary>
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>The body as a JSON object, or null when it is empty, not JSON or not an object.</summary>
    public JsonElement? JsonObject()
    {
        if (Body.Length == 0) return null;
        try
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The status and what the server said about it on one line, e.g.
    /// <c>400 Bad Request — The workflow definition is invalid — Activity 'X': unknown type 'Foo'</c>:
    /// the ProblemDetails title, detail and errors when the body is one, else the start of the body text.
    /// </summary>
    public string Describe()
    {
        var parts = new List<string> { $"{(int)Status} {StatusText}" };
        if (JsonObject() is { } json)
        {
            var title = Text(json, "title") ?? Text(json, "message");
            if (title is not null && !string.Equals(title, StatusText, StringComparison.OrdinalIgnoreCase)) parts.Add(title);
            if (Text(json, "detail") is { } detail && detail != title) parts.Add(detail);
            var errors = Errors(json).Where(e => !parts.Contains(e)).Distinct().ToList();
            if (errors.Count > 0) parts.Add(string.Join("; ", errors));
        }
        else if (Body.Length > 0)
        {
            var text = CliApplication.OneLine(Encoding.UTF8.GetString(Body));
            if (text.Length > 200) text = text[..200] + "…";
            if (text.Length > 0) parts.Add(text);
        }

        return CliApplication.OneLine(string.Join(" — ", parts));
    }

    private string StatusText => !string.IsNullOrWhiteSpace(reasonPhrase) ? reasonPhrase : Status.ToString();

    private static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()) ? value.GetString() : null;

    /// <summary>
    /// The messages of <c>errors</c> in the shapes servers use: ASP.NET's <c>{"field": ["message"]}</c>, a list of
    /// strings, or a list of objects with a <c>message</c> (or <c>description</c>) and maybe an <c>activityId</c>.
    /// </summary>
    private static IEnumerable<string> Errors(JsonElement json)
    {
        if (!json.TryGetProperty("errors", out var errors)) yield break;
        if (errors.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in errors.EnumerateObject())
            foreach (var message in Messages(field.Value))
                yield return IsGeneral(field.Name) || message.Contains(field.Name, StringComparison.OrdinalIgnoreCase) ? message : $"{field.Name}: {message}";
        }
        else
        {
            foreach (var message in Messages(errors)) yield return message;
        }
    }

    private static IEnumerable<string> Messages(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String when !string.IsNullOrWhiteSpace(value.GetString()):
                yield return value.GetString()!;
                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                foreach (var message in Messages(item))
                    yield return message;
                break;
            case JsonValueKind.Object:
                var text = Text(value, "message") ?? Text(value, "description") ?? Text(value, "errorMessage") ?? value.GetRawText();
                var activity = Text(value, "activityId");
                yield return activity is null || text.Contains(activity, StringComparison.Ordinal) ? text : $"{activity}: {text}";
                break;
        }
    }

    private static bool IsGeneral(string field) => field.Length == 0 || field is "$" or "GeneralErrors" or "generalErrors" or "model" or "body";
}
