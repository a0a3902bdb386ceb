// The intellyhub command-line tool.
//
//   CliApplication               parses the command line, dispatches, maps failures to exit codes
//   Commands/RunCommand          intellyhub run <definition.json> [--input <json>] [--workflows <folder>]
//   Commands/ValidateCommand     intellyhub validate <definition.json>
//   Commands/ActivitiesCommand   intellyhub activities
//   Engine/                      the engine as the tool hosts it (services, definition files, child workflows)
//   Reports/                     the JSON documents the commands print
using IntellyHub.Cli;

return await CliApplication.RunAsync(args, Console.Out, Console.Error);
