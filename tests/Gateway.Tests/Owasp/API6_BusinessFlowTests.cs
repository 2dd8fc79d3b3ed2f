using System.Net;
using System.Net.Http.Json;
using Shop.Orders;

namespace Shop.Gateway.Tests.Owasp;

/// <summary>
/// OWASP API Security Top 10 (2023), API6 unrestricted access to sensitive business flows: sign-up
/// is limited per client address by default, one user's order flood is capped without locking anyone
/// else out of checkout, and a retried checkout places, reserves and mails once.
/// </summary>
[Collection(GatewayFaultsCollection.Name)]
public sealed class API6_BusinessFlowTests(FaultInjectingGatewayFixture fixture)
{
    [Fact]
    public async Task API6_a_registration_flood_from_one_address_is_cut_off_by_the_default_limit()
    {
        await using var gateway = Shopping.GatewayWithDefaultLimits(fixture);
        var client = Api.Anonymous(gateway);
        var emails = Enumerable.Range(0, 12).Select(_ => $"{Guid.NewGuid():N}@example.com").ToArray();

        var answers = new List<HttpResponseMessage>();
        foreach (var email in emails)
        {
            answers.Add(await client.PostAsJsonAsync("/api/users", new { email, name = "Bot", password = "password-1" }));
        }

        // 5 per address per minute (Shop:RateLimits:RegistrationPerIp); the rest made no account.
        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.Accepted));
        Assert.All(answers.Skip(5), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode));
        Assert.True(answers[^1].Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        var refusedLogin = await Api.Anonymous(fixture.Gateway).PostAsJsonAsync("/api/auth/token", new { email = emails[^1], password = "password-1" });
        await refusedLogin.AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task API6_one_users_order_flood_is_capped_while_other_users_still_check_out()
    {
        var (flooder, _, _) = await Api.NewUser(fixture.Gateway);
        var (shopper, _, _) = await Api.NewUser(fixture.Gateway);
        var stuck = await Shopping.NewProduct(fixture.Gateway, stock: 1000);
        var other = await Shopping.NewProduct(fixture.Gateway, stock: 10);
        // Reservations of this product fail, so its orders stay Pending: the flood piles up.
        using var fault = FaultInjection.Fail("IProductGrain", "Reserve", targetKey: stuck);

        var flood = await Task.WhenAll(Enumerable.Range(0, OrderRules.MaxPendingOrdersPerUser + 10).Select(_ => Shopping.PlaceOrder(flooder, stuck)));
        var anotherProduct = await Shopping.PlaceOrder(flooder, other);
        var shoppersOrder = await Shopping.PlaceOrder(shopper, other);

        Assert.Equal(OrderRules.MaxPendingOrdersPerUser, flood.Count(r => r.StatusCode == HttpStatusCode.Accepted));
        Assert.All(flood.Where(r => r.StatusCode != HttpStatusCode.Accepted), r => Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode));
        // The cap is the user's, whatever the product; another user is not affected.
        await anotherProduct.AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.Accepted, shoppersOrder.StatusCode);
        await Shopping.WaitForStatus(shopper, shoppersOrder.Headers.Location!.ToString(), "Confirmed");
    }

    [Fact]
    public async Task API6_a_checkout_retried_with_its_idempotency_key_places_reserves_and_mails_once()
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);
        var sku = await Shopping.NewProduct(fixture.Gateway, stock: 10);

        HttpRequestMessage Checkout() => new(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { items = new[] { new { sku, quantity = 3 } } }),
            Headers = { { "Idempotency-Key", "basket-7" } },
        };

        var first = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => user.SendAsync(Checkout())));
        var orderId = (await first[0].Json()).GetProperty("id").GetGuid();
        var location = $"/api/orders/{orderId}";
        await Shopping.WaitForStatus(user, location, "Confirmed");
        // A retry after the order settled answers the same order again.
        var late = await user.SendAsync(Checkout());

        Assert.Single(first, r => r.StatusCode == HttpStatusCode.Accepted);
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Equal("Confirmed", (await late.Json()).GetProperty("status").GetString());
        Assert.Equal(1, (await (await user.GetAsync("/api/orders")).Json()).GetArrayLength());
        Assert.Equal(3, (await Shopping.Product(user, sku)).GetProperty("reserved").GetInt32());
        var mails = await Eventually.Until(async () => await (await user.GetAsync("/api/users/me/notifications")).Json(),
            n => n.GetArrayLength() >= 1, "the confirmation e-mail");
        // One order was placed (above), and its e-mail is keyed by the order: one record, one file.
        Assert.Equal(1, mails.GetArrayLength());
        Assert.Single(Directory.GetFiles(fixture.Silo.MailDirectory, $"order-confirmation.{orderId:N}*.eml"));
    }

    [Fact]
    public async Task API6_a_user_cannot_hoard_a_product_past_the_daily_limit_and_is_told_why()
    {
        // A cluster with the product's default limits (the shared one lifts them for other tests).
        await using var silo = await ShopSiloHost.StartAsync(new Dictionary<string, string?>
        {
            ["Shop:Orders:MaxUnitsPerProductPerDay"] = "10",
            ["Shop:Orders:MaxValuePerDay"] = "5000",
        });
        await using var gateway = new GatewayFactory(GatewayFixture.SettingsFor(silo, fixture.KeyRingFile));
        var (hoarder, _, _) = await Api.NewUser(gateway);
        var (shopper, _, _) = await Api.NewUser(gateway);
        var sku = await Shopping.NewProduct(gateway, stock: 100);
        var expensive = await Shopping.NewProduct(gateway, stock: 100, price: 2500m);

        var first = await Shopping.PlaceOrder(hoarder, sku, 6);
        var pastTheLimit = await Shopping.PlaceOrder(hoarder, sku, 5);
        var upToTheLimit = await Shopping.PlaceOrder(hoarder, sku, 4);
        var anotherUser = await Shopping.PlaceOrder(shopper, sku, 10);
        var pastTheValue = await Shopping.PlaceOrder(shopper, expensive, 3);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var problem = await pastTheLimit.AssertProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:orleans-shop:problem:order-limit", problem.GetProperty("type").GetString());
        Assert.Contains($"11 of {sku}", problem.GetProperty("detail").GetString());
        Assert.Null(pastTheLimit.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.Accepted, upToTheLimit.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, anotherUser.StatusCode);
        var valueProblem = await pastTheValue.AssertProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("At most 5000.00 can be ordered within 24 hours", valueProblem.GetProperty("detail").GetString());
        // The refused orders were not placed: two orders listed, and only what they hold reserved.
        Assert.Equal(2, (await (await hoarder.GetAsync("/api/orders")).Json()).GetArrayLength());
        await Shopping.WaitForStatus(hoarder, first.Headers.Location!.ToString(), "Confirmed");
        await Shopping.WaitForStatus(hoarder, upToTheLimit.Headers.Location!.ToString(), "Confirmed");
        await Shopping.WaitForStatus(shopper, anotherUser.Headers.Location!.ToString(), "Confirmed");
        Assert.Equal(20, (await Shopping.Product(hoarder, sku)).GetProperty("reserved").GetInt32());
    }
}
