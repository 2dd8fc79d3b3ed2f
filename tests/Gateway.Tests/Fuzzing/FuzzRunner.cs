using System.Diagnostics;
using System.Globalization;
using CsCheck;

namespace Shop.Gateway.Tests.Fuzzing;

/// <summary>
/// Runs generated cases from a fixed seed, one after another (the gateway is shared, and the order must
/// not vary), and collects every case that breaks the property with what reproduces it. Environment:
/// FUZZ_SEED (a number) picks other cases, FUZZ_CASES (or FUZZ_WIRE_CASES) runs more, and the
/// replay variable a failure names (FUZZ_REPLAY=..., FUZZ_WIRE_REPLAY=...) runs that one case alone.
/// </summary>
public sealed class FuzzRunner(ITestOutputHelper output)
{
    public const ulong DefaultSeed = 20261201;

    public async Task<IReadOnlyList<string>> Run<T>(string name, Gen<T> cases, int defaultCases, string casesVariable, string replayVariable,
        Func<T, Task<HostileExchange.Outcome>> send, Func<T, string> describe, Func<T, string> tally)
    {
        var seed = ulong.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;
        var count = int.TryParse(Environment.GetEnvironmentVariable(casesVariable), CultureInfo.InvariantCulture, out var n) ? n : defaultCases;
        var replay = Environment.GetEnvironmentVariable(replayVariable);
        var pcg = string.IsNullOrEmpty(replay) ? new PCG(1, seed) : PCG.Parse(replay);
        count = string.IsNullOrEmpty(replay) ? count : 1;
        output.WriteLine($"{name}: seed {seed}, {count} cases{(string.IsNullOrEmpty(replay) ? "" : $", replaying {replayVariable}={replay}")}");

        var failures = new List<string>();
        var answers = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < count; i++)
        {
            var state = pcg.ToString();
            var item = cases.Generate(pcg, null, out _);
            var outcome = await send(item);
            var key = $"{tally(item)} {outcome.Status}";
            answers[key] = answers.GetValueOrDefault(key) + 1;
            slowest = outcome.Took > slowest ? outcome.Took : slowest;
            if (outcome.Failure is { } failure)
            {
                failures.Add($"case {i} ({replayVariable}={state}): {failure}\n  {describe(item)}");
            }
        }

        output.WriteLine($"{count} cases in {clock.Elapsed.TotalSeconds:0.0} s (slowest {slowest.TotalMilliseconds:0} ms); answers by route, expectation and status:");
        foreach (var (key, times) in answers)
        {
            output.WriteLine($"  {key}  x{times}");
        }

        return failures.Count == 0
            ? []
            : [$"{failures.Count} of {count} cases broke the property (FUZZ_SEED={seed}); the first ones:", .. failures.Take(15)];
    }
}
