using System.ComponentModel.DataAnnotations;

namespace IntellyHub.Runtime.Scheduling;

/// <summary>
/// The timer scheduler (Quartz.NET) that fires timer, cron and start-at triggers and resumes timed bookmarks; bound from
/// <c>IntellyHub:Runtime:Scheduler</c> in the server and validated at start.
/// </summary>
public sealed class SchedulerOptions : IValidatableObject
{
    /// <summary>Threads that run firings in this process (a firing only queues a start or a resume).</summary>
    [Range(1, 64)]
    public int ThreadCount { get; set; } = 4;

    /// <summary>
    /// How late a firing may be and still run as scheduled; a firing later than this (a server was down or overloaded)
    /// is a misfire and follows the trigger's misfire policy.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many times a firing that failed (queuing its start or resume threw) is tried again, for the same fire time;
    /// 0: never (a timed bookmark is then resumed by the next start's reconciliation, a trigger's occurrence is lost).
    /// </summary>
    [Range(0, 100)]
    public int FiringRetries { get; set; } = 8;

    /// <summary>The wait before the first retry of a failed firing; it doubles at each further failure, up to ten minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan FiringRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>PostgreSQL: how often each replica records in the database that it is alive.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>PostgreSQL: how long past a missed check-in the other replicas take over a replica's firings in flight.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ClusterCheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// PostgreSQL: this replica's id in the cluster; <c>AUTO</c> (the default) generates a unique one at each start.
    /// Two running replicas must never share an id.
    /// </summary>
    [Required]
    [StringLength(200)]
    public string InstanceId { get; set; } = AutoInstanceId;

    /// <summary>The <see cref="InstanceId"/> value that asks for a generated id.</summary>
    public const string AutoInstanceId = "AUTO";

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ClusterCheckinMisfireThreshold < ClusterCheckinInterval)
            yield return new ValidationResult(
                $"{nameof(ClusterCheckinMisfireThreshold)} ({ClusterCheckinMisfireThreshold}) must be at least {nameof(ClusterCheckinInterval)} ({ClusterCheckinInterval}).",
                [nameof(ClusterCheckinMisfireThreshold)]);
        if (string.IsNullOrWhiteSpace(InstanceId))
            yield return new ValidationResult($"{nameof(InstanceId)} must be '{AutoInstanceId}' or an id.", [nameof(InstanceId)]);
    }
}
