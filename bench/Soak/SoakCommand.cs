using System.CommandLine;
using Shop.Bench.CommandLine;

namespace Shop.Bench.Soak;

/// <summary><c>bench -- soak [options]</c>: mixed load for minutes, then the error and growth checks (see <see cref="SoakRun"/>).</summary>
public sealed class SoakCommand : Command
{
    public const string CommandName = "soak";

    private static readonly SoakOptions Defaults = new();

    private readonly Option<bool> _embedded = new("--embedded") { Description = "the in-memory default instead of PostgreSQL" };
    private readonly Option<bool> _postgres = new("--postgres") { Description = "durable mode, a throwaway PostgreSQL (the default)" };
    private readonly Option<double> _minutes = ValidatedOptions.PositiveNumber("--minutes", "M", Defaults.Duration.TotalMinutes, "measured minutes");
    private readonly Option<double> _warmupMinutes = ValidatedOptions.PositiveNumber("--warmup-minutes", "M", Defaults.Warmup.TotalMinutes,
        "minutes before the first counted sample (live activations level off by then)");
    private readonly Option<double> _rate = ValidatedOptions.PositiveNumber("--rate", "R", Defaults.Rate,
        "operations started per second; per 100: 40 product reads, 10 catalog pages, 14 profile reads, 10 order lists, 5 dashboards, " +
        "5 notification lists, 15 orders each followed until Confirmed, 1 login");
    private readonly Option<double> _collectionAge = ValidatedOptions.PositiveNumber("--collection-age", "S", Defaults.CollectionAge.TotalSeconds,
        "seconds after which idle activations are collected");
    private readonly Option<double> _memoryBound = ValidatedOptions.PositiveNumber("--memory-bound", "P", Defaults.MemoryGrowthBound * 100,
        "allowed growth of resident memory, percent");
    private readonly Option<double> _handleBound = ValidatedOptions.PositiveNumber("--handle-bound", "P", Defaults.HandleGrowthBound * 100,
        "allowed growth of open handles and threads, percent (plus 20)");
    private readonly Option<string> _output = ValidatedOptions.Output();

    public SoakCommand()
        : base(CommandName, "mixed load at a fixed rate for minutes after a warm-up, both processes sampled every " +
            $"{Defaults.SampleEvery.TotalSeconds:0} s (memory, heap, handles, threads, activations); exit code 0 only with no error and no growth beyond the bounds")
    {
        foreach (var option in new Option[] { _embedded, _postgres, _minutes, _warmupMinutes, _rate, _collectionAge, _memoryBound, _handleBound, _output })
        {
            Add(option);
        }

        Validators.Add(result =>
        {
            if (result.GetValue(_embedded) && result.GetValue(_postgres))
            {
                result.AddError("--embedded and --postgres exclude each other.");
            }
        });
        SetAction((result, _) => SoakRun.Execute(Read(result), Console.Out));
    }

    /// <summary>The options of a parse of this command (without errors).</summary>
    public SoakOptions Read(ParseResult result) => new()
    {
        Postgres = !result.GetValue(_embedded),
        Duration = TimeSpan.FromMinutes(result.GetValue(_minutes)),
        Warmup = TimeSpan.FromMinutes(result.GetValue(_warmupMinutes)),
        Rate = result.GetValue(_rate),
        CollectionAge = TimeSpan.FromSeconds(result.GetValue(_collectionAge)),
        MemoryGrowthBound = result.GetValue(_memoryBound) / 100,
        HandleGrowthBound = result.GetValue(_handleBound) / 100,
        Output = result.GetValue(_output)!,
    };
}
