using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Orleans.Configuration;
using Shop.Grains.Security;
using Shop.Inventory;
using Shop.Orders;
using Shop.Security;
using Shop.Users;

namespace Shop.Gateway.Tests;

/// <summary>
/// Callers that go around the gateway, straight to the silo's gateway port with an Orleans client of
/// their own: only a valid service token, for a method the policy grants, gets through, and a user's
/// token opens only that user's data.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ClusterSecurityTests(GatewayFixture fixture) : IAsyncLifetime
{
    private static readonly AsyncLocal<string?> TokenForNextCall = new();
    private IHost _client = null!;

    private IClusterClient Cluster => _client.Services.GetRequiredService<IClusterClient>();

    public async ValueTask InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Configuration.AddInMemoryCollection(TestKeys.Tls("gateway"));
        var (certificate, ca) = Shop.Hosting.ClusterTls.Load(builder.Configuration)!.Value;
        builder.UseOrleansClient(client =>
        {
            // A client with a valid certificate: it gets through the transport, then meets the policy.
            client.UseTls(certificate, options => Shop.Hosting.ClusterTls.Configure(options, ca));
            client.UseStaticClustering(fixture.Silo.GatewayEndpoint);
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = fixture.Silo.Cluster.ClusterId;
                o.ServiceId = fixture.Silo.Cluster.ServiceId;
            });
            client.AddOutgoingGrainCallFilter(async context =>
            {
                if (TokenForNextCall.Value is { } token)
                {
                    RequestContext.Set(ServiceIdentity.RequestContextKey, token);
                }
                else
                {
                    RequestContext.Remove(ServiceIdentity.RequestContextKey);
                }

                await context.Invoke();
            });
        });
        _client = builder.Build();
        await _client.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _client.StopAsync();
        _client.Dispose();
    }

    private Task<T> As<T>(string? token, Func<IClusterClient, Task<T>> call)
    {
        TokenForNextCall.Value = token;
        return call(Cluster);
    }

    private async Task<Guid> PlaceOrderOverHttp(HttpClient user)
    {
        var placed = await user.PostAsJsonAsync("/api/orders", new { items = new[] { new { sku = "KB-001", quantity = 1 } } });
        return (await placed.Json()).GetProperty("id").GetGuid();
    }

    public static TheoryData<string> BadTokens() => ["none", "expired", "other-key", "wrong-audience", "garbage"];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_client_without_a_valid_service_token_is_refused(string kind)
    {
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var key = ServiceTokens.GatewayKey;
        var token = kind switch
        {
            "none" => null,
            "expired" => ServiceTokens.Create(key, expires: DateTime.UtcNow.AddMinutes(-2)),
            "other-key" => ServiceTokens.Create(otherKey),
            "wrong-audience" => ServiceTokens.Create(key, audience: "some-other-cluster"),
            _ => "not-a-token",
        };

        await Assert.ThrowsAsync<CallDeniedException>(() => As(token, c => c.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetSkus()));
        await Assert.ThrowsAsync<CallDeniedException>(() => As(token, c => c.GetGrain<IProductGrain>("KB-001").GetDetails()));
    }

    [Fact]
    public async Task A_valid_gateway_token_gets_what_the_policy_grants_and_nothing_more()
    {
        var key = ServiceTokens.GatewayKey;
        var token = ServiceTokens.Create(key);
        var reservedBefore = (await As(token, c => c.GetGrain<IProductGrain>("KB-001").GetDetails()))!.Reserved;

        Assert.NotEmpty(await As(token, c => c.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetSkus()));
        // Stock moves only inside the saga; settling orders is the inventory consumer's job.
        await Assert.ThrowsAsync<CallDeniedException>(() => As(token, c => c.GetGrain<IProductGrain>("KB-001").Reserve(Guid.NewGuid(), 1)));
        await Assert.ThrowsAsync<CallDeniedException>(() => As(token, async c =>
        {
            await c.GetGrain<IProductGrain>("KB-001").Release(Guid.NewGuid());
            return 0;
        }));
        await Assert.ThrowsAsync<CallDeniedException>(() => As(token, c => c.GetGrain<IOrderGrain>(Guid.NewGuid()).Confirm()));
        await Assert.ThrowsAsync<CallDeniedException>(() => As(ServiceTokens.Create(key, service: "reporting"), c => c.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetSkus()));
        Assert.Equal(reservedBefore, (await As(token, c => c.GetGrain<IProductGrain>("KB-001").GetDetails()))!.Reserved);
    }

    [Fact]
    public async Task A_grain_the_policy_does_not_know_cannot_reserve_stock()
    {
        var key = ServiceTokens.GatewayKey;
        var before = (await As(ServiceTokens.Create(key), c => c.GetGrain<IProductGrain>("MP-012").GetDetails()))!.Reserved;

        // The rogue grain's own interface is outside the shop's namespace, so reaching it is not
        // checked; what it then calls is.
        var rogue = fixture.Silo.Services.GetRequiredService<IGrainFactory>().GetGrain<Intruder.IRogueGrain>("rogue");
        await Assert.ThrowsAsync<CallDeniedException>(() => rogue.ReserveDirectly("MP-012"));

        Assert.Equal(before, (await As(ServiceTokens.Create(key), c => c.GetGrain<IProductGrain>("MP-012").GetDetails()))!.Reserved);
    }

    [Fact]
    public async Task A_user_token_opens_only_that_users_data_even_at_the_grains()
    {
        var (alice, aliceId, _) = await Api.NewUser(fixture.Gateway);
        var (_, bobId, _) = await Api.NewUser(fixture.Gateway);
        var alicesOrder = await PlaceOrderOverHttp(alice);
        var key = ServiceTokens.GatewayKey;
        var asBob = ServiceTokens.Create(key, bobId);

        Assert.Null(await As(asBob, c => c.GetGrain<IOrderGrain>(alicesOrder).Get()));
        Assert.Equal(CancelOrderOutcome.NotFound, (await As(asBob, c => c.GetGrain<IOrderGrain>(alicesOrder).Cancel())).Outcome);
        Assert.Null(await As(asBob, c => c.GetGrain<IUserGrain>(aliceId).GetProfile()));
        Assert.Null(await As(asBob, c => c.GetGrain<IUserGrain>(aliceId).UpdateProfile(new UpdateProfile("Hijacked"))));
        Assert.Empty(await As(asBob, c => c.GetGrain<IUserOrdersGrain>(aliceId).GetRecent(10)));
        Assert.Empty(await As(asBob, c => c.GetGrain<Shop.Notifications.INotificationGrain>(aliceId).GetAll()));
        await Assert.ThrowsAsync<CallDeniedException>(() =>
            As(asBob, c => c.GetGrain<IOrderGrain>(Guid.NewGuid()).Place(new PlaceOrder(aliceId, [new OrderLineRequest("KB-001", 1)]))));

        // Alice herself, and an admin, still see it.
        Assert.NotNull(await As(ServiceTokens.Create(key, aliceId), c => c.GetGrain<IOrderGrain>(alicesOrder).Get()));
        Assert.NotNull(await As(ServiceTokens.Create(key, bobId, roles: ShopRoles.Admin), c => c.GetGrain<IOrderGrain>(alicesOrder).Get()));
        Assert.Equal("Test User", (await As(ServiceTokens.Create(key, aliceId), c => c.GetGrain<IUserGrain>(aliceId).GetProfile()))?.Name);
    }

    [Fact]
    public async Task Denials_are_counted()
    {
        var denials = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Shop.Grains.ShopMetrics.MeterName && instrument.Name == "shop.authorization.denials")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref denials, value));
        listener.Start();

        await Assert.ThrowsAsync<CallDeniedException>(() => As(null, c => c.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetSkus()));

        Assert.True(Interlocked.Read(ref denials) >= 1);
    }
}
