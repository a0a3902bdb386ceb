namespace IntellyHub.Workflows.Activities.Scheduling;

/// <summary>What a timer, cron or start-at trigger does about occurrences it missed while no server was running.</summary>
public enum TimerMisfirePolicy
{
    /// <summary>Run once as soon as a server is up again, however many occurrences were missed; then go on with the schedule.</summary>
    RunOnce,

    /// <summary>Skip what was missed and wait for the next occurrence (a start-at trigger whose time passed never runs).</summary>
    Skip,
}
