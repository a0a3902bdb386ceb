using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities;

/// <summary>
/// An activity that completes by itself once its code has run, unless it created a bookmark
/// (then it completes when resumed) or completed explicitly with outcomes.
/// </summary>
public abstract class CodeActivity : Activity
{
    /// <inheritdoc />
    protected internal sealed override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        await RunAsync(context);
        if (context.Status == ActivityStatus.Running && !context.HasBookmarks)
            await context.CompleteAsync();
    }

    /// <summary>The activity's work, asynchronous form.</summary>
    protected virtual ValueTask RunAsync(ActivityExecutionContext context)
    {
        Run(context);
        return default;
    }

    /// <summary>The activity's work, synchronous form.</summary>
    protected virtual void Run(ActivityExecutionContext context) { }
}
