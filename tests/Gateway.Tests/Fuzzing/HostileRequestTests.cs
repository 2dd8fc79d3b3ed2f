using System.Diagnostics;
using System.Globalization;
using CsCheck;
using Xunit.Abstractions;

namespace Shop.Gateway.Tests.Fuzzing;

/// <summary>
/// The fuzz property: generated malformed and hostile requests to every route that takes input get a
/// 4xx problem (never a 5xx, never a hang), and the data the API shows is the same afterwards.
/// The cases come from a fixed seed, so a run is the same every time and a failure reproduces:
/// FUZZ_SEED picks other cases, FUZZ_CASES runs more, FUZZ_REPLAY runs the one case a failure names.
/// </summary>
// In the gateway collection: other tests there inject faults into every silo of the process, and must not run meanwhile.
[Collection(GatewayCollection.Name)]
public sealed class HostileRequestTests(FuzzFixture fuzz, ITestOutputHelper output) : IClassFixture<FuzzFixture>
{
    public const ulong DefaultSeed = 20261201;
    public const int DefaultCases = 1500;

    [Fact]
    public async Task Hostile_requests_get_4xx_problem_details_and_change_nothing()
    {
        var seed = ulong.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;
        var cases = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_CASES"), CultureInfo.InvariantCulture, out var n) ? n : DefaultCases;
        var replay = Environment.GetEnvironmentVariable("FUZZ_REPLAY");
        var pcg = string.IsNullOrEmpty(replay) ? new PCG(1, seed) : PCG.Parse(replay);
        if (!string.IsNullOrEmpty(replay))
        {
            cases = 1;
        }

        output.WriteLine($"fuzz: seed {seed}, {cases} cases{(string.IsNullOrEmpty(replay) ? "" : $", replaying {replay}")}");
        var requests = HostileRequests.All(fuzz.World);
        using var client = fuzz.Client();
        var before = await DataSnapshot.Settled(fuzz);

        var failures = new List<string>();
        var answers = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < cases; i++)
        {
            var state = pcg.ToString();
            var request = requests.Generate(pcg, null, out _);
            var outcome = await HostileExchange.Send(client, request);
            var key = $"{request.Route,-32} {request.Expect,-8} {outcome.Status}";
            answers[key] = answers.GetValueOrDefault(key) + 1;
            slowest = outcome.Took > slowest ? outcome.Took : slowest;
            if (outcome.Failure is { } failure)
            {
                failures.Add($"case {i} (FUZZ_REPLAY={state}): {failure}\n  {request}");
            }
        }

        var after = await DataSnapshot.Settled(fuzz);
        output.WriteLine($"{cases} requests in {clock.Elapsed.TotalSeconds:0.0} s (slowest {slowest.TotalMilliseconds:0} ms); answers by route, expectation and status:");
        foreach (var (key, count) in answers)
        {
            output.WriteLine($"  {key}  x{count}");
        }

        Assert.True(failures.Count == 0,
            $"{failures.Count} of {cases} hostile requests broke the property (seed {seed}); the first ones:\n\n{string.Join("\n\n", failures.Take(15))}");
        Assert.True(before.SameAs(after), "hostile requests changed data:\n" + string.Join("\n", before.Differences(after)));
    }
}
