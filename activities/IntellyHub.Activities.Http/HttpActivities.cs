namespace IntellyHub.Activities.Http;

/// <summary>Marks the HTTP activity pack: register it with <c>AddActivitiesFrom&lt;HttpActivities&gt;()</c>.</summary>
public static class HttpActivities
{
    /// <summary>The toolbox category of the pack's activities.</summary>
    public const string Category = "HTTP";
}
