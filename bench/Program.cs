using Shop.Bench.CommandLine;

return await BenchCommandLine.InvokeAsync(args);
