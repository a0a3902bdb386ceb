using System.Globalization;
using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities.Scheduling;

/// <summary>
/// The wait of <c>Elsa.Delay</c>, and of <c>Elsa.Timer</c>, <c>Elsa.Cron</c> and <c>Elsa.StartAt</c> inside a workflow: a
/// bookmark whose metadata <c>ResumeAt</c> holds its due time, which the runtime's scheduler resumes when it is due.
/// </summary>
internal static class TimedBookmark
{
    /// <summary>Suspends the activity until <paramref name="resumeAt"/>; resuming completes it.</summary>
    public static Bookmark Create(ActivityExecutionContext context, DateTimeOffset resumeAt) =>
        context.CreateBookmark(
            new DelayStimulus(resumeAt, context.Id),
            metadata: new Dictionary<string, string> { [Delay.ResumeAtMetadataKey] = resumeAt.ToString("O", CultureInfo.InvariantCulture) });
}
