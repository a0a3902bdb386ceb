using System.Reflection;

namespace IntellyHub.Workflows.Activities;

/// <summary>
/// The activity types a host knows, by type name and version. The serializer creates activities
/// from it and the descriptor list is generated from it.
/// </summary>
public sealed class ActivityRegistry
{
    private readonly Dictionary<(string TypeName, int Version), ActivityTypeInfo> _types = new();
    private readonly Dictionary<string, ActivityTypeInfo> _latest = new(StringComparer.Ordinal);

    /// <summary>Every registered type.</summary>
    public IEnumerable<ActivityTypeInfo> Types => _types.Values;

    /// <summary>Registers an activity class.</summary>
    public ActivityRegistry Add(Type activityType)
    {
        if (!typeof(Activity).IsAssignableFrom(activityType) || activityType.IsAbstract)
            throw new ArgumentException($"{activityType} is not a concrete activity class.", nameof(activityType));
        var info = ActivityTypeInfo.Of(activityType);
        _types[(info.TypeName, info.Version)] = info;
        if (!_latest.TryGetValue(info.TypeName, out var latest) || latest.Version < info.Version)
            _latest[info.TypeName] = info;
        return this;
    }

    /// <summary>Registers an activity class.</summary>
    public ActivityRegistry Add<TActivity>() where TActivity : Activity => Add(typeof(TActivity));

    /// <summary>Registers every concrete activity class with an <see cref="ActivityAttribute"/> in an assembly.</summary>
    public ActivityRegistry AddFrom(Assembly assembly)
    {
        foreach (var type in assembly.GetExportedTypes())
        {
            if (type.IsAbstract || type.IsGenericTypeDefinition || !typeof(Activity).IsAssignableFrom(type)) continue;
            if (type.GetCustomAttribute<ActivityAttribute>(inherit: false) is null) continue;
            if (type.GetConstructor(Type.EmptyTypes) is null) continue;
            Add(type);
        }

        return this;
    }

    /// <summary>Finds a type by name and version; falls back to the newest version of that name.</summary>
    public ActivityTypeInfo? Find(string typeName, int? version = null)
    {
        if (version is { } v && _types.TryGetValue((typeName, v), out var exact)) return exact;
        return _latest.GetValueOrDefault(typeName);
    }
}
