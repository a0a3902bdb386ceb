using System.Reflection;
using IntellyHub.Cli.Commands;

namespace IntellyHub.Cli;

/// <summary>
/// The tool without the process around it: picks the command from the first argument, runs it, and
/// turns failures into a one-line message and an exit code (see <see cref="ExitCodes"/>). Used by
/// Program.cs with the real console and by tests with string writers.
/// </summary>
public static class CliApplication
{
    private static readonly ICliCommand[] Commands = CreateCommands(CliEnvironment.Default);

    /// <summary>The main usage text.</summary>
    public static string Usage =>
        $"""
        intellyhub — run and validate Elsa 3 workflow definitions in memory; import and export them to and from a
        server (IntellyHub or Elsa 3).

        Usage:
          intellyhub <command> [arguments] [options]

        Commands:
        {string.Join(Environment.NewLine, Commands.Select(c => $"  {c.Name,-12}{c.Summary}"))}

        Options:
          -h, --help    Show help (also: intellyhub <command> --help).
          --version     Show the tool version.

        Exit codes:
          0  success; for 'run': the workflow finished or is suspended (waiting on a bookmark)
          1  the workflow faulted or was cancelled, a definition failed to import or export, or the tool failed unexpectedly
          2  bad input: unknown command or option, missing file, malformed JSON, invalid definition; for 'import' and
             'export' also: no --server or API key, server unreachable, API key rejected
        """;

    /// <summary>Runs the tool with <paramref name="args"/> and returns the process exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default) =>
        RunAsync(args, stdout, stderr, CliEnvironment.Default, cancellationToken);

    /// <summary>Runs the tool with <paramref name="args"/> in <paramref name="environment"/> (e.g. a test's HTTP handler) and returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        var console = new CliConsole(stdout, stderr);
        var commands = CreateCommands(environment);
        try
        {
            if (args.Length == 0)
            {
                await stderr.WriteLineAsync(Usage);
                return ExitCodes.BadInput;
            }

            switch (args[0])
            {
                case "-h" or "--help" or "help":
                    await stdout.WriteLineAsync(args.Length > 1 && Find(commands, args[1]) is { } topic ? topic.Usage : Usage);
                    return ExitCodes.Success;
                case "--version":
                    await stdout.WriteLineAsync(Version);
                    return ExitCodes.Success;
            }

            var command = Find(commands, args[0])
                ?? throw new CliInputException($"Unknown command '{args[0]}'. Commands: {string.Join(", ", commands.Select(c => c.Name))}. Run 'intellyhub --help' for usage.");
            return await command.ExecuteAsync(args[1..], console, cancellationToken);
        }
        catch (CliInputException exception)
        {
            await stderr.WriteLineAsync($"error: {OneLine(exception.Message)}");
            return ExitCodes.BadInput;
        }
        catch (CliFailureException exception)
        {
            await stderr.WriteLineAsync($"error: {OneLine(exception.Message)}");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("error: cancelled.");
            return ExitCodes.Failure;
        }
        catch (Exception exception)
        {
            await stderr.WriteLineAsync($"error: unexpected failure ({exception.GetType().Name}): {OneLine(exception.Message)}");
            return ExitCodes.Failure;
        }
    }

    private static ICliCommand[] CreateCommands(CliEnvironment environment) =>
        [new RunCommand(), new ValidateCommand(), new ActivitiesCommand(), new ImportCommand(environment), new ExportCommand(environment), new RunRemoteCommand(environment)];

    private static ICliCommand? Find(ICliCommand[] commands, string name) => Array.Find(commands, c => c.Name == name);

    private static string Version =>
        typeof(CliApplication).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>A message on one line (exception messages can contain line breaks).</summary>
    internal static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
