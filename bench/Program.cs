using Shop.Bench;
using Shop.Bench.Hosting;
using Shop.Bench.Reporting;
using Shop.Bench.Scenarios;

if (args is [BaselineServer.Command, ..])
{
    return await BaselineServer.Serve(args[1..]);
}

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

return await BenchRun.Execute(options, $"dotnet run -c Release --project bench -- {string.Join(' ', args)}".TrimEnd(), Console.Out);
