using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.Activities.Looping;

/// <summary>A loop that <see cref="Break"/> can stop.</summary>
public interface IBreakable;

/// <summary>How loops record that a Break was hit.</summary>
internal static class LoopBreak
{
    public const string Property = "IsBreaking";

    public static bool IsBreaking(ActivityExecutionContext loop) => loop.GetProperty<bool>(Property);

    /// <summary>True when the nearest loop around <paramref name="context"/> was told to break.</summary>
    public static bool IsEnclosingLoopBreaking(ActivityExecutionContext context)
    {
        for (var ancestor = context.Parent; ancestor is not null; ancestor = ancestor.Parent)
            if (ancestor.Activity is IBreakable) return IsBreaking(ancestor);
        return false;
    }
}
