using System.Globalization;

namespace IntellyHub.Benchmarks.RuntimeLoad;

/// <summary>
/// CPU time of the PostgreSQL backends serving one database (Linux, server on this machine): the sum of
/// utime + stime of the processes whose title names the database. Pooled connections live through a
/// measurement, so the difference of two readings is the server's work for it. Null where it cannot be read.
/// </summary>
public static class ServerCpu
{
    /// <summary>The private (anonymous) resident memory of those backends, shared buffers excluded.</summary>
    public static long? ReadMemory(string? databaseName)
    {
        long? total = null;
        foreach (var dir in Backends(databaseName))
        {
            try
            {
                var line = File.ReadLines(Path.Combine(dir, "status")).FirstOrDefault(l => l.StartsWith("RssAnon:", StringComparison.Ordinal));
                if (line is null) continue;
                var kb = long.Parse(line["RssAnon:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                total = (total ?? 0) + kb * 1024;
            }
            catch (IOException)
            {
                // The process ended.
            }
        }

        return total;
    }

    private static IEnumerable<string> Backends(string? databaseName)
    {
        if (databaseName is null || !OperatingSystem.IsLinux()) yield break;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (cmdline.StartsWith("postgres:", StringComparison.Ordinal) && cmdline.Contains(" " + databaseName + " ", StringComparison.Ordinal)) yield return dir;
        }
    }

    public static TimeSpan? Read(string? databaseName)
    {
        if (databaseName is null || !OperatingSystem.IsLinux()) return null;
        try
        {
            long ticks = 0;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
                try
                {
                    var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                    if (!cmdline.StartsWith("postgres:", StringComparison.Ordinal) || !cmdline.Contains(" " + databaseName + " ", StringComparison.Ordinal)) continue;
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // The process ended.
                }
            }

            return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
