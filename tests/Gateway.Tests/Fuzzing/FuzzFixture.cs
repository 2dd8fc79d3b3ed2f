using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Shop.Gateway.Tests.Fuzzing;

/// <summary>
/// A silo and a gateway of the fuzz's own, so the data it snapshots (the whole catalog, the shop
/// statistics) is touched by nothing else, and the <see cref="FuzzWorld"/> it aims at.
/// </summary>
public sealed class FuzzFixture : IAsyncLifetime
{
    public const string Password = "password-1";

    private readonly string _keyRing = TokenForge.NewKeyRing();

    public ShopSiloHost Silo { get; private set; } = null!;
    public GatewayFactory Gateway { get; private set; } = null!;

    /// <summary>The same gateway behind real Kestrel on 127.0.0.1, for what only a socket can send.</summary>
    private GatewayFactory _kestrelGateway = null!;
    public IPEndPoint KestrelEndpoint { get; private set; } = null!;
    public FuzzWorld World { get; private set; } = null!;
    public HttpClient Anonymous { get; private set; } = null!;
    public HttpClient User { get; private set; } = null!;
    public HttpClient Victim { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Silo = await ShopSiloHost.StartAsync();
        var settings = GatewayFixture.SettingsFor(Silo, _keyRing);
        // Every fuzz request comes from one address and one user: no limit may turn them into 429s.
        settings["Shop:RateLimits:FailedLoginsPerEmail:TokenLimit"] = "100000";
        settings["Shop:RateLimits:FailedLoginsPerEmail:TokensPerPeriod"] = "100000";
        settings["Shop:RateLimits:FailedLoginsPerClient:TokenLimit"] = "100000";
        settings["Shop:RateLimits:FailedLoginsPerClient:TokensPerPeriod"] = "100000";
        // The world's tokens are made once, before a run that may outlast the default five minutes.
        settings["Shop:Auth:AccessTokenLifetime"] = "01:00:00";
        Gateway = new GatewayFactory(settings);
        _kestrelGateway = new GatewayFactory(settings);
        _kestrelGateway.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _kestrelGateway.StartServer();
        var address = new Uri(_kestrelGateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        KestrelEndpoint = new IPEndPoint(IPAddress.Loopback, address.Port);
        Anonymous = Client();
        Admin = Client();
        await Api.LogIn(Admin, TestAdmin.Email, TestAdmin.Password);

        const string stockSku = "FZ-STOCK", reservedSku = "FZ-RESERVED";
        const int stockUnits = 500, reservedUnits = 7;
        await Define(stockSku, stockUnits);
        await Define(reservedSku, 50);

        var (user, userId, email) = await NewUser();
        User = user;
        var confirmed = await PlaceConfirmed(User, reservedSku, reservedUnits);
        var cancelled = await PlaceConfirmed(User, stockSku, 1);
        Assert.Equal(HttpStatusCode.OK, (await User.PostAsync($"/api/orders/{cancelled}/cancel", null)).StatusCode);
        var (victim, _, _) = await NewUser();
        Victim = victim;
        var victimOrder = await PlaceConfirmed(Victim, stockSku, 2);

        var skus = (await (await Anonymous.GetAsync("/api/products")).Json()).EnumerateArray().Select(p => p.GetProperty("sku").GetString()!).ToArray();
        World = new FuzzWorld(userId, email, Password, User.DefaultRequestHeaders.Authorization!.Parameter!, Admin.DefaultRequestHeaders.Authorization!.Parameter!,
            TokenForge.SigningKeyOf(_keyRing), confirmed, cancelled, victimOrder, stockSku, stockUnits, reservedSku, reservedUnits, skus);
    }

    public async ValueTask DisposeAsync()
    {
        await _kestrelGateway.DisposeAsync();
        await Gateway.DisposeAsync();
        await Silo.DisposeAsync();
    }

    /// <summary>A client that shows the gateway's answers as they are: no redirects followed, no cookies kept.</summary>
    public HttpClient Client() => Gateway.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private async Task Define(string sku, int stock)
    {
        var put = await Admin.PutAsJsonAsync($"/api/products/{sku}", new { name = $"Fuzz target {sku}", description = "aimed at by the fuzz", price = 10m, stock });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
    }

    private async Task<(HttpClient Client, Guid Id, string Email)> NewUser()
    {
        var email = $"fuzz-{Guid.NewGuid():N}@example.com";
        var client = Client();
        await Api.SignUp(client, email, "Fuzz User", Password);
        await Api.LogIn(client, email, Password);
        return (client, await Api.MyId(client), email);
    }

    private static async Task<Guid> PlaceConfirmed(HttpClient client, string sku, int quantity)
    {
        var placed = await client.PostAsJsonAsync("/api/orders", new { items = new[] { new { sku, quantity } } });
        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        var id = (await placed.Json()).GetProperty("id").GetGuid();
        var order = await (await client.GetAsync($"/api/orders/{id}?wait=5")).Json();
        Assert.Equal("Confirmed", order.GetProperty("status").GetString());
        return id;
    }
}
