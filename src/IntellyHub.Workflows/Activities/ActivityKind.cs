namespace IntellyHub.Workflows.Activities;

/// <summary>What kind of step an activity is, as the designer shows it.</summary>
public enum ActivityKind
{
    /// <summary>Does its work and completes.</summary>
    Action,

    /// <summary>Can start a workflow when its stimulus arrives; inside a running workflow it waits for it.</summary>
    Trigger,

    /// <summary>Hands work to an external party and waits for the result.</summary>
    Task,

    /// <summary>Runs as a background job.</summary>
    Job,
}
