// The intellyhub command-line tool.
//
//   CliApplication               parses the command line, dispatches, maps failures to exit codes
//   Commands/RunCommand          intellyhub run <definition.json> [--input <json>] [--workflows <folder>]
//   Commands/ValidateCommand     intellyhub validate <definition.json>
//   Commands/ActivitiesCommand   intellyhub activities
//   Commands/ImportCommand       intellyhub import <file|folder|zip>... --server <url> [--api-key <key>] [--publish]
//   Commands/ExportCommand       intellyhub export --server <url> [--api-key <key>] [--definition-id <id>]... [--out <folder>]
//   Engine/                      the engine as the tool hosts it (services, definition files, child workflows)
//   Reports/                     the JSON documents the commands print
//   Remote/                      the server's workflow API (/elsa/api) as import and export call it
//   Transfer/                    the files import reads and export writes
using IntellyHub.Cli;

return await CliApplication.RunAsync(args, Console.Out, Console.Error);
