using System.Diagnostics;
using System.Globalization;

namespace IntellyHub.Benchmarks.RuntimeLoad;

/// <summary>Latency samples (one list per worker, merged at the end) and their percentiles.</summary>
public sealed class Latencies
{
    private readonly List<double> _milliseconds = [];

    public int Count => _milliseconds.Count;

    public void Add(long startTimestamp) => _milliseconds.Add(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds);

    public static Latencies Merge(IEnumerable<Latencies> parts)
    {
        var all = new Latencies();
        foreach (var part in parts) all._milliseconds.AddRange(part._milliseconds);
        all._milliseconds.Sort();
        return all;
    }

    public double Percentile(double p)
    {
        if (_milliseconds.Count == 0) return double.NaN;
        var index = (int)Math.Ceiling(p / 100 * _milliseconds.Count) - 1;
        return _milliseconds[Math.Clamp(index, 0, _milliseconds.Count - 1)];
    }

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"n={Count}  p50={Percentile(50):F2} ms  p90={Percentile(90):F2} ms  p99={Percentile(99):F2} ms  max={Percentile(100):F2} ms");
}

/// <summary>Process memory at a point of a run.</summary>
public readonly record struct MemorySample(string Label, long WorkingSet, long GcHeap, long GcHeapAfterCollect)
{
    public static MemorySample Take(string label, bool collect = true)
    {
        var heap = GC.GetTotalMemory(false);
        var collected = collect ? GC.GetTotalMemory(true) : heap;
        using var process = Process.GetCurrentProcess();
        return new MemorySample(label, process.WorkingSet64, heap, collected);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Label,-8} working set {WorkingSet / 1048576.0,7:F1} MB   GC heap {GcHeap / 1048576.0,7:F1} MB   GC heap after full collect {GcHeapAfterCollect / 1048576.0,7:F1} MB");
}
