
namespace Shop.Gateway.Tests.Fuzzing;

/// <summary>
/// The fuzz property: generated malformed and hostile requests to every route that takes input get a
/// 4xx problem (never a 5xx, never a hang), and the data the API shows is the same afterwards. Through
/// the test server (the whole gateway pipeline) and as raw bytes on a socket to Kestrel (what only the
/// wire can carry). The cases come from a fixed seed, so a run is the same every time; see
/// <see cref="FuzzRunner"/> for rerunning a failure.
/// </summary>
// In the gateway collection: other tests there inject faults into every silo of the process, and must not run meanwhile.
[Collection(GatewayCollection.Name)]
// The fuzz run itself (5,000 generated cases and a body that stops arriving): 14-19 s of tests here plus
// its own silo and two gateways, about 20 s in all; the findings it pinned (FuzzFindingTests) stay fast.
[Trait(TestTraits.Speed, TestTraits.Long)]
public sealed class HostileRequestTests(FuzzFixture fuzz, ITestOutputHelper output) : IClassFixture<FuzzFixture>
{
    public const int DefaultCases = 4000;
    public const int DefaultWireCases = 1000;

    private readonly FuzzRunner _runner = new(output);

    [Fact]
    public async Task Hostile_requests_get_4xx_problem_details_and_change_nothing()
    {
        using var client = fuzz.Client();
        var before = await DataSnapshot.Settled(fuzz);

        var failures = await _runner.Run("fuzz (test server)", HostileRequests.All(fuzz.World), DefaultCases, "FUZZ_CASES", "FUZZ_REPLAY",
            r => HostileExchange.Send(client, r), r => r.ToString(), r => $"{r.Route,-32} {r.Expect,-8}");

        await AssertUnchanged(before, failures);
    }

    [Fact]
    public async Task Hostile_bytes_on_a_real_socket_get_4xx_and_change_nothing()
    {
        var before = await DataSnapshot.Settled(fuzz);
        var server = fuzz.KestrelEndpoint;

        var failures = await _runner.Run("fuzz (raw socket to Kestrel)", WireRequests.From(HostileRequests.All(fuzz.World), server.ToString()),
            DefaultWireCases, "FUZZ_WIRE_CASES", "FUZZ_WIRE_REPLAY",
            w => WireExchange.Send(server, w), w => w.ToString(), w => $"{w.Request.Route,-32} {w.Request.Expect,-8}");

        await AssertUnchanged(before, failures);
    }

    /// <summary>
    /// What the fuzz cannot afford to generate (each takes seconds): a client that declares a body and
    /// then sends nothing more, keeping the connection open. Kestrel's minimum data rate ends it: a 408,
    /// not a request (and a connection) held forever.
    /// </summary>
    [Fact]
    public async Task A_body_that_stops_arriving_gets_408_not_a_hang()
    {
        var before = await DataSnapshot.Settled(fuzz);
        var head = $"PUT /api/users/me HTTP/1.1\r\nHost: {fuzz.KestrelEndpoint}\r\nAuthorization: {fuzz.World.UserBearer}\r\n" +
            "Content-Type: application/json\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n{\"name\":\"Sl";
        var wire = new WireRequest(new HostileRequest("PUT /api/users/me", HttpMethod.Put, "/api/users/me", Expectation.Rejected, "a body that stops arriving"),
            System.Text.Encoding.ASCII.GetBytes(head), HalfClose: false, "Content-Length 1000, 13 bytes sent, then silence");

        var outcome = await WireExchange.Send(fuzz.KestrelEndpoint, wire);

        Assert.True(outcome.Failure is null, outcome.Failure);
        Assert.Equal(408, outcome.Status);
        Assert.InRange(outcome.Took, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        await AssertUnchanged(before, []);
    }

    private async Task AssertUnchanged(DataSnapshot before, IReadOnlyList<string> failures)
    {
        var after = await DataSnapshot.Settled(fuzz);
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        Assert.True(before.SameAs(after), "hostile requests changed data:\n" + string.Join("\n", before.Differences(after)));
    }
}
