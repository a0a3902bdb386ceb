using System.Globalization;

namespace IntellyHub.Runtime.ProcessHost;

/// <summary>A command, its positional arguments and its <c>--name value</c> options (a flag without value is "true").</summary>
internal sealed class HostArguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);

    public string Command { get; private init; } = "";
    public List<string> Positional { get; } = [];

    public static HostArguments Parse(string[] args)
    {
        var parsed = new HostArguments { Command = args.Length > 0 ? args[0] : "" };
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                parsed.Positional.Add(args[i]);
                continue;
            }

            var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            parsed._options[args[i][2..]] = hasValue ? args[++i] : "true";
        }

        return parsed;
    }

    public string Get(string name, string fallback) => _options.GetValueOrDefault(name, fallback);

    public string Require(string name) => _options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");

    public double GetNumber(string name, double fallback) =>
        _options.TryGetValue(name, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public bool Has(string name) => _options.ContainsKey(name);
}
