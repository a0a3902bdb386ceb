using System.Security.Cryptography;
using System.Text;

namespace IntellyHub.Activities.Kubernetes.Jobs;

/// <summary>The labels IntellyHub puts on its Jobs, and their deterministic names.</summary>
public static class JobLabels
{
    /// <summary>Marks Jobs IntellyHub created (what the watcher selects).</summary>
    public const string ManagedBy = "app.kubernetes.io/managed-by";

    /// <summary>The value of <see cref="ManagedBy"/>.</summary>
    public const string ManagedByValue = "intellyhub";

    /// <summary>The workflow instance that waits for the Job.</summary>
    public const string WorkflowInstanceId = "intellyhub.io/workflow-instance-id";

    /// <summary>The activity (its id in the definition, made a valid label value).</summary>
    public const string ActivityId = "intellyhub.io/activity-id";

    /// <summary>The activity execution that created the Job.</summary>
    public const string ActivityInstanceId = "intellyhub.io/activity-instance-id";

    /// <summary>The label selector of IntellyHub's Jobs.</summary>
    public const string Selector = ManagedBy + "=" + ManagedByValue;

    /// <summary>The reserved label prefix (users cannot set labels under it).</summary>
    public const string ReservedPrefix = "intellyhub.io/";

    /// <summary>
    /// The Job's name: <c>ih-&lt;activity&gt;-&lt;hash&gt;</c>, where the hash is of the instance id and the activity execution id.
    /// The same execution (run again after an incident, or retried) gets the same name, so it never creates a second Job.
    /// </summary>
    public static string JobName(string workflowInstanceId, string activityInstanceId, string activityId)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{workflowInstanceId}/{activityInstanceId}")))[..12];
        var slug = Slug(activityId, 32);
        return slug.Length == 0 ? $"ih-{hash}" : $"ih-{slug}-{hash}";
    }

    /// <summary>A label value from free text: letters, digits, '-', '_', '.', starting and ending alphanumeric, at most 63 characters.</summary>
    public static string LabelValue(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, 63));
        foreach (var c in text)
        {
            if (builder.Length == 63) break;
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-');
        }

        return builder.ToString().Trim('-', '_', '.');
    }

    // Lowercase DNS label characters, no leading/trailing dash.
    private static string Slug(string text, int max)
    {
        var builder = new StringBuilder(Math.Min(text.Length, max));
        foreach (var c in text.ToLowerInvariant())
        {
            if (builder.Length == max) break;
            var ok = char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
            if (ok) builder.Append(c);
            else if (builder.Length > 0 && builder[^1] != '-') builder.Append('-');
        }

        return builder.ToString().Trim('-');
    }
}
