using BenchmarkDotNet.Running;
using IntellyHub.Benchmarks.HttpLoad;
using IntellyHub.Benchmarks.RuntimeLoad;

// `runtime …` is the durable-runtime load test (not BenchmarkDotNet); anything not named here goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "runtime")
    return await RuntimeLoadCommand.RunAsync(args[1..]);
// `http …` is the load test of HTTP-triggered flows through the server; `http-bare` its yardstick endpoint.
if (args.Length > 0 && args[0] == "http")
    return await HttpLoadCommand.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "http-bare")
    return await BareEndpoint.RunAsync(args[1..]);

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
