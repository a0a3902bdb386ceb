using BenchmarkDotNet.Running;
using IntellyHub.Benchmarks.RuntimeLoad;

// `runtime …` is the durable-runtime load test (not BenchmarkDotNet); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "runtime")
    return await RuntimeLoadCommand.RunAsync(args[1..]);

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
