using Microsoft.Extensions.Logging;

namespace IntellyHub.Workflows.Execution;

/// <summary>Engine log messages (event ids 100–199).</summary>
internal static partial class WorkflowLog
{
    [LoggerMessage(100, LogLevel.Warning, "Activity {ActivityType} {ActivityId} faulted: {Message}")]
    public static partial void ActivityFaulted(ILogger logger, string activityType, string activityId, string message, Exception exception);

    [LoggerMessage(101, LogLevel.Warning, "Cancellation handler of {ActivityType} {ActivityId} failed")]
    public static partial void CancellationHandlerFailed(ILogger logger, string activityType, string activityId, Exception exception);

    [LoggerMessage(102, LogLevel.Debug, "Workflow {WorkflowInstanceId} ran a burst and is now {Status}/{SubStatus}")]
    public static partial void BurstFinished(ILogger logger, string workflowInstanceId, WorkflowStatus status, WorkflowSubStatus subStatus);

    [LoggerMessage(103, LogLevel.Warning, "Activity {ActivityType} {ActivityId} recorded an incident and goes on: {Message}")]
    public static partial void IncidentRecorded(ILogger logger, string activityType, string activityId, string message, Exception exception);
}
