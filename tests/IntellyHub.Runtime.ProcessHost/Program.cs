using IntellyHub.Runtime.ProcessHost;

// The IntellyHub runtime in a process of its own, for the multi-process tests. Every command takes
// --provider pg|sqlite --connection <cs> [--node <id>] [--lease <seconds>] [--lease-wait <ms>] [--misfire-threshold <seconds>] [--log-level Warning]:
//   serve                                runs the background services until killed; prints "ready <node>" once timers fire
//   dispatch <definitionId> [--count N]  queues N starts; prints their instance ids
//   execute <definitionId> [--count N] [--event-prefix p] [--parallel P]
//                                        runs N starts now (start i gets the input event = p + i, 4 digits);
//                                        prints the instance id (N = 1) or a JSON summary of the statuses
//   stimuli --count N --event-prefix p [--parallel P] [--wait-go] [--drain-timeout <seconds>]
//                                        serves the queue while it delivers the Event stimuli p0000.. concurrently
//                                        (after a "go" line on stdin with --wait-go), waits until the queue is
//                                        empty, prints a JSON summary of the resume statuses
var arguments = HostArguments.Parse(args);
return arguments.Command switch
{
    "serve" => await HostCommands.ServeAsync(arguments),
    "dispatch" => await HostCommands.DispatchAsync(arguments),
    "execute" => await HostCommands.ExecuteAsync(arguments),
    "stimuli" => await HostCommands.StimuliAsync(arguments),
    _ => HostCommands.Usage(arguments.Command),
};
