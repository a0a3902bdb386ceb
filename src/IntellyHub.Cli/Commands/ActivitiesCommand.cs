using System.Text.Json;
using IntellyHub.Cli.Engine;
using IntellyHub.Cli.Reports;
using IntellyHub.Workflows.Descriptors;
using Microsoft.Extensions.DependencyInjection;

namespace IntellyHub.Cli.Commands;

/// <summary><c>intellyhub activities</c>: prints the activity descriptors as Elsa Studio reads them.</summary>
public sealed class ActivitiesCommand : ICliCommand
{
    public string Name => "activities";

    public string Summary => "Print the activity descriptors as JSON { \"items\": [...], \"count\": n }.";

    public string Usage =>
        """
        Usage:
          intellyhub activities

        Prints the descriptors of every activity type the engine knows (type name, category, inputs with
        UI hints, outputs, ports) as one JSON document: { "items": [...], "count": n }.

        Exit codes: 0 success; 2 bad arguments.
        """;

    public async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var arguments = CommandArguments.Parse(Name, args);
        if (arguments.HelpRequested)
        {
            await console.Out.WriteLineAsync(Usage);
            return ExitCodes.Success;
        }

        if (arguments.Positionals.Count > 0)
            throw new CliInputException($"'{Name}' takes no arguments, but got: {string.Join(' ', arguments.Positionals)}.");

        await using var services = CliEngine.Create(console.Error);
        var descriptors = services.GetRequiredService<ActivityDescriptorProvider>().GetDescriptors();
        await console.Out.WriteLineAsync(JsonSerializer.Serialize(new DescriptorList(descriptors, descriptors.Count), CliJson.Descriptors));
        return ExitCodes.Success;
    }

    private sealed record DescriptorList(IReadOnlyList<ActivityDescriptor> Items, int Count);
}
