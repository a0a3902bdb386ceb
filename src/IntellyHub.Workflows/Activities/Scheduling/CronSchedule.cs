using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Quartz;

namespace IntellyHub.Workflows.Activities.Scheduling;

/// <summary>
/// Cron expressions of <see cref="Cron"/>, in UTC. The syntax is Quartz.NET's (seconds, minutes, hours, day of month,
/// month, day of week, optional year; <c>?</c> in the day field not used, <c>L</c>, <c>W</c>, <c>#</c>; days of week 1-7
/// from Sunday), which is what the scheduler runs. Elsa 3 files written for its default (Cronos) parser are accepted too:
/// six fields without a <c>?</c> are read as Cronos (with seconds; days of week 0-7 from Sunday) and five fields as Unix
/// cron (without seconds), and translated to Quartz syntax.
/// </summary>
public static partial class CronSchedule
{
    /// <summary>What the expression help says about the accepted syntaxes.</summary>
    public const string SyntaxHelp =
        "Use Quartz syntax: seconds minutes hours day-of-month month day-of-week [year], e.g. '0 0/5 * * * ?' (every five minutes); "
        + "Elsa's six-field (Cronos) and Unix five-field expressions are accepted too.";

    /// <summary>
    /// The expression in Quartz syntax, or false with the reason when it is none of the accepted syntaxes.
    /// </summary>
    public static bool TryNormalize(string? expression, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        var text = Spaces().Replace(expression ?? "", " ").Trim();
        if (text.Length == 0)
        {
            error = "The cron expression is empty. " + SyntaxHelp;
            return false;
        }

        // Quartz syntax marks the unused day field with '?': a six-field expression without one is Cronos (Elsa), five fields Unix.
        var fields = text.Split(' ');
        var candidate = fields.Length == 5 || (fields.Length == 6 && !text.Contains('?', StringComparison.Ordinal)) ? FromCronos(fields) : text;
        if (TryParseQuartz(candidate, out var reason))
        {
            normalized = candidate;
            error = null;
            return true;
        }

        error = $"'{text}' is not a valid cron expression ({reason}). {SyntaxHelp}";
        return false;
    }

    /// <summary>The expression in Quartz syntax; throws <see cref="FormatException"/> naming <paramref name="inputName"/> when it is invalid.</summary>
    public static string Normalize(string? expression, string inputName) =>
        TryNormalize(expression, out var normalized, out var error) ? normalized : throw new FormatException($"Input '{inputName}': {error}");

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null when the expression never fires again.</summary>
    public static DateTimeOffset? GetNextOccurrence(string quartzExpression, DateTimeOffset after) =>
        new CronExpression(quartzExpression, TimeZoneInfo.Utc).GetNextValidTimeAfter(after);

    private static bool TryParseQuartz(string text, out string? reason)
    {
        try
        {
            _ = new CronExpression(text, TimeZoneInfo.Utc);
            reason = null;
            return true;
        }
        catch (FormatException exception)
        {
            reason = exception.Message.TrimEnd('.');
            return false;
        }
    }

    // Cronos/Unix → Quartz: seconds added to a five-field expression, '?' for the day field that says '*' (Quartz
    // wants one of them unset), days of week shifted from 0-7 (Sunday 0 or 7) to 1-7 (Sunday 1).
    private static string FromCronos(string[] fields)
    {
        var parts = fields.Length == 5 ? ["0", .. fields] : fields.ToArray();
        if (parts[5] is not ("*" or "?")) parts[5] = ShiftDaysOfWeek(parts[5]);
        if (parts[3] != "?" && parts[5] != "?")
        {
            if (parts[5] == "*") parts[5] = "?";
            else if (parts[3] == "*") parts[3] = "?";
        }

        return string.Join(' ', parts);
    }

    private static string ShiftDaysOfWeek(string field) => string.Join(',', field.Split(',').Select(item =>
    {
        var slash = item.IndexOf('/');
        var range = slash < 0 ? item : item[..slash];
        var step = slash < 0 ? "" : item[slash..];
        var shifted = string.Join('-', range.Split('-').Select(value => LeadingNumber().Replace(value, m => (int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture) % 7 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        return shifted + step;
    }));

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^\d+")]
    private static partial Regex LeadingNumber();
}
