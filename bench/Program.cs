using Shop.Bench;
using Shop.Bench.Hosting;
using Shop.Bench.Reporting;
using Shop.Bench.Scenarios;

if (args is [BaselineServer.Command, ..])
{
    return await BaselineServer.Serve(args[1..]);
}

if (args is ["chaos", ..])
{
    return await Command(args[1..], Shop.Bench.Chaos.ChaosOptions.Usage, Shop.Bench.Chaos.ChaosOptions.Parse,
        options => Shop.Bench.Chaos.ChaosRun.Execute(options, Console.Out));
}

if (args is ["soak", ..])
{
    return await Command(args[1..], Shop.Bench.Soak.SoakOptions.Usage, Shop.Bench.Soak.SoakOptions.Parse,
        options => Shop.Bench.Soak.SoakRun.Execute(options, Console.Out));
}

return await Command(args, BenchOptions.Usage, BenchOptions.Parse,
    options => BenchRun.Execute(options, $"dotnet run -c Release --project bench -- {string.Join(' ', args)}".TrimEnd(), Console.Out));

// A command with its own options: usage on --help or a bad argument (exit code 2), else its exit code.
static async Task<int> Command<T>(string[] args, string usage, Func<string[], T> parse, Func<T, Task<int>> run)
{
    if (args.Contains("--help") || args.Contains("-h"))
    {
        Console.WriteLine(usage);
        return 0;
    }

    T options;
    try
    {
        options = parse(args);
    }
    catch (ArgumentException ex)
    {
        Console.Error.WriteLine(ex.Message);
        Console.Error.WriteLine(usage);
        return 2;
    }

    return await run(options);
}
