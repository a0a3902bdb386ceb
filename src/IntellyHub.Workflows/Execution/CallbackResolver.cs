using System.Collections.Concurrent;
using System.Reflection;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.State;

namespace IntellyHub.Workflows.Execution;

/// <summary>Turns persisted callback method names back into delegates bound to the activity.</summary>
internal static class CallbackResolver
{
    private static readonly ConcurrentDictionary<(Type, string), MethodInfo?> Methods = new();

    public static TDelegate Resolve<TDelegate>(Activity target, string methodName) where TDelegate : Delegate
    {
        var method = Methods.GetOrAdd((target.GetType(), methodName), static key => Find(key.Item1, key.Item2))
            ?? throw new WorkflowStateException($"Activity type {target.Type} has no callback method '{methodName}'.");
        return (TDelegate)method.CreateDelegate(typeof(TDelegate), target);
    }

    private static MethodInfo? Find(Type type, string name)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            var method = t.GetMethod(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
            if (method is not null) return method;
        }

        return null;
    }
}
