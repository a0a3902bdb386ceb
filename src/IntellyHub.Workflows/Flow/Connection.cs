using System.Text.Json.Nodes;

namespace IntellyHub.Workflows.Flow;

/// <summary>A flowchart connection from an activity's outcome port to another activity.</summary>
public sealed class Connection
{
    public Connection(Endpoint source, Endpoint target)
    {
        Source = source;
        Target = target;
    }

    public Connection(string sourceActivityId, string? sourcePort, string targetActivityId, string? targetPort = "In")
        : this(new Endpoint(sourceActivityId, sourcePort), new Endpoint(targetActivityId, targetPort)) { }

    public Endpoint Source { get; set; }
    public Endpoint Target { get; set; }

    /// <summary>Designer bend points, carried through.</summary>
    public JsonArray? Vertices { get; set; }

    /// <summary>JSON properties this model does not know, written back unchanged.</summary>
    public JsonObject? ExtraProperties { get; set; }

    /// <summary>A stable key for the connection (used for join bookkeeping).</summary>
    public string Key => $"{Source.Activity}:{Source.Port}->{Target.Activity}:{Target.Port}";

    /// <inheritdoc />
    public override string ToString() => Key;
}

/// <summary>One end of a connection: an activity id and a port name.</summary>
public sealed record Endpoint(string Activity, string? Port);
