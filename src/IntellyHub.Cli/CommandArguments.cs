namespace IntellyHub.Cli;

/// <summary>
/// The arguments of one command: positional values, <c>--name value</c> (or <c>--name=value</c>) options and
/// <c>--name</c> flags. Only the options a command declares are accepted; <c>--help</c>/<c>-h</c> is always known.
/// </summary>
public sealed class CommandArguments
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CommandArguments() { }

    /// <summary>Values that are not options, in order.</summary>
    public List<string> Positionals { get; } = [];

    /// <summary>True when <c>--help</c> or <c>-h</c> was given.</summary>
    public bool HelpRequested { get; private set; }

    /// <summary>The value of an option, or null when it was not given.</summary>
    public string? GetOption(string name) => _options.TryGetValue(name, out var values) ? values[0] : null;

    /// <summary>Every value of a repeatable option, in order (empty when it was not given).</summary>
    public IReadOnlyList<string> GetOptions(string name) => _options.TryGetValue(name, out var values) ? values : [];

    /// <summary>True when the flag <paramref name="name"/> was given.</summary>
    public bool HasFlag(string name) => _flags.Contains(name);

    /// <summary>Parses <paramref name="args"/>; <paramref name="valueOptions"/> are the option names (with dashes) that take a value.</summary>
    public static CommandArguments Parse(string command, IEnumerable<string> args, params string[] valueOptions) =>
        Parse(command, args, new CommandOptions { Values = valueOptions });

    /// <summary>Parses <paramref name="args"/> against the options a command declares.</summary>
    public static CommandArguments Parse(string command, IEnumerable<string> args, CommandOptions declared)
    {
        var result = new CommandArguments();
        using var cursor = args.GetEnumerator();
        var optionsEnded = false;
        while (cursor.MoveNext())
        {
            var arg = cursor.Current;
            if (optionsEnded || !arg.StartsWith('-') || arg == "-")
            {
                result.Positionals.Add(arg);
                continue;
            }

            if (arg == "--")
            {
                optionsEnded = true;
                continue;
            }

            if (arg is "--help" or "-h")
            {
                result.HelpRequested = true;
                continue;
            }

            var separator = arg.IndexOf('=', StringComparison.Ordinal);
            var name = separator > 0 ? arg[..separator] : arg;
            if (declared.Flags.Contains(name, StringComparer.Ordinal))
            {
                if (separator > 0) throw new CliInputException($"Option '{name}' takes no value.");
                result._flags.Add(name);
                continue;
            }

            var repeatable = declared.Repeatable.Contains(name, StringComparer.Ordinal);
            if (!repeatable && !declared.Values.Contains(name, StringComparer.Ordinal))
                throw new CliInputException($"Unknown option '{name}' for '{command}'. Run 'intellyhub {command} --help' for usage.");
            if (!repeatable && result._options.ContainsKey(name))
                throw new CliInputException($"Option '{name}' is given more than once.");

            string value;
            if (separator > 0) value = arg[(separator + 1)..];
            else if (cursor.MoveNext()) value = cursor.Current;
            else throw new CliInputException($"Option '{name}' needs a value.");
            if (result._options.TryGetValue(name, out var values)) values.Add(value);
            else result._options[name] = [value];
        }

        return result;
    }

    /// <summary>The single positional argument a command needs, e.g. the definition file.</summary>
    public string GetSinglePositional(string command, string what)
    {
        return Positionals.Count switch
        {
            0 => throw new CliInputException($"'{command}' needs a {what}. Run 'intellyhub {command} --help' for usage."),
            1 => Positionals[0],
            _ => throw new CliInputException($"'{command}' takes one {what}, but got {Positionals.Count} arguments: {string.Join(' ', Positionals)}."),
        };
    }
}

/// <summary>The options a command accepts (names with dashes).</summary>
public sealed record CommandOptions
{
    /// <summary>Options that take one value and may be given once.</summary>
    public IReadOnlyCollection<string> Values { get; init; } = [];

    /// <summary>Options that take one value and may be given several times.</summary>
    public IReadOnlyCollection<string> Repeatable { get; init; } = [];

    /// <summary>Options that take no value.</summary>
    public IReadOnlyCollection<string> Flags { get; init; } = [];
}
