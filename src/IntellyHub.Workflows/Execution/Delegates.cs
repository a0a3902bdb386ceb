namespace IntellyHub.Workflows.Execution;

/// <summary>
/// Called on the owner when a child it scheduled completes. Must be an instance method of the owner
/// activity: it is persisted by name so a suspended workflow resumes in another process.
/// </summary>
public delegate ValueTask ActivityCompletionCallback(ActivityExecutionContext owner, ActivityExecutionContext child);

/// <summary>
/// Called when a bookmark is resumed. Must be an instance method of the activity that created the
/// bookmark (persisted by name).
/// </summary>
public delegate ValueTask BookmarkCallback(ActivityExecutionContext context);
