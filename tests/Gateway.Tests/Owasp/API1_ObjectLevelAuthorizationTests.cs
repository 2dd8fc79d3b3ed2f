using System.Net;
using System.Net.Http.Json;

namespace Shop.Gateway.Tests.Owasp;

/// <summary>
/// OWASP API Security Top 10 (2023), API1 broken object level authorization: a user reaches only their
/// own orders, e-mails and profile. Another user's order is 404 (as if it did not exist), and nothing
/// the stranger tries changes it.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class API1_ObjectLevelAuthorizationTests(GatewayFixture fixture)
{
    [Fact]
    public async Task API1_another_users_order_is_not_found_for_reading_waiting_or_cancelling_and_stays_unchanged()
    {
        var (owner, ownerId, _) = await Api.NewUser(fixture.Gateway);
        var (stranger, _, _) = await Api.NewUser(fixture.Gateway);
        var sku = await Shopping.NewProduct(fixture.Gateway, stock: 5);
        var placed = await Shopping.PlaceOrder(owner, sku, quantity: 2);
        var location = placed.Headers.Location!.ToString();
        var orderId = (await placed.Json()).GetProperty("id").GetGuid();
        await Shopping.WaitForStatus(owner, location, "Confirmed");

        var read = await stranger.GetAsync(location);
        var waited = await stranger.GetAsync($"{location}?wait=1");
        var cancelled = await stranger.PostAsync($"{location}/cancel", null);
        var unknown = await stranger.GetAsync($"/api/orders/{Guid.NewGuid()}");

        // The same answer as for an order that does not exist: ids reveal nothing.
        var problems = new[]
        {
            await read.AssertProblem(HttpStatusCode.NotFound), await waited.AssertProblem(HttpStatusCode.NotFound),
            await cancelled.AssertProblem(HttpStatusCode.NotFound), await unknown.AssertProblem(HttpStatusCode.NotFound),
        };
        Assert.Single(problems.Select(p => p.GetProperty("detail").GetString()).Distinct());
        Assert.DoesNotContain(orderId.ToString(), await read.Content.ReadAsStringAsync());

        var order = await (await owner.GetAsync(location)).Json();
        Assert.Equal("Confirmed", order.GetProperty("status").GetString());
        Assert.Equal(ownerId, order.GetProperty("userId").GetGuid());
        Assert.Equal(2, (await Shopping.Product(owner, sku)).GetProperty("reserved").GetInt32());
        Assert.Equal(0, (await (await stranger.GetAsync("/api/orders?limit=100")).Json()).GetArrayLength());
    }

    [Fact]
    public async Task API1_notifications_profile_and_dashboard_show_only_the_callers_own_data()
    {
        var (owner, ownerId, ownerEmail) = await Api.NewUser(fixture.Gateway);
        var (stranger, strangerId, _) = await Api.NewUser(fixture.Gateway);
        var sku = await Shopping.NewProduct(fixture.Gateway, stock: 5);
        var location = (await Shopping.PlaceOrder(owner, sku)).Headers.Location!.ToString();
        await Shopping.WaitForStatus(owner, location, "Confirmed");
        await Eventually.Until(async () => await (await owner.GetAsync("/api/users/me/notifications")).Json(),
            n => n.GetArrayLength() == 1, "the owner's confirmation e-mail");

        var notifications = await (await stranger.GetAsync("/api/users/me/notifications")).Json();
        var me = await (await stranger.GetAsync("/api/users/me")).Json();
        var dashboard = await (await stranger.GetAsync("/api/dashboard")).Json();

        Assert.Equal(0, notifications.GetArrayLength());
        Assert.Equal(strangerId, me.GetProperty("id").GetGuid());
        Assert.Equal(strangerId, dashboard.GetProperty("user").GetProperty("id").GetGuid());
        Assert.Equal(0, dashboard.GetProperty("orders").GetArrayLength());
        var everything = await (await stranger.GetAsync("/api/dashboard")).Content.ReadAsStringAsync()
            + await (await stranger.GetAsync("/api/users/me/notifications")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(ownerId.ToString(), everything);
        Assert.DoesNotContain(ownerEmail, everything);
    }

    [Fact]
    public async Task API1_a_user_id_in_the_url_or_query_reaches_nobody_elses_data()
    {
        var (owner, ownerId, _) = await Api.NewUser(fixture.Gateway);
        var (stranger, strangerId, _) = await Api.NewUser(fixture.Gateway);
        var sku = await Shopping.NewProduct(fixture.Gateway, stock: 5);
        await Shopping.PlaceOrder(owner, sku);

        // The user always comes from the token: there is no route that names a user.
        await (await stranger.GetAsync($"/api/users/{ownerId}")).AssertProblem(HttpStatusCode.NotFound);
        await (await stranger.PutAsJsonAsync($"/api/users/{ownerId}", new { name = "Hijacked" })).AssertProblem(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"/api/users/{ownerId}/notifications")).AssertProblem(HttpStatusCode.NotFound);
        var listed = await (await stranger.GetAsync($"/api/orders?userId={ownerId}&user={ownerId}")).Json();
        var me = await (await stranger.GetAsync($"/api/users/me?id={ownerId}")).Json();

        Assert.Equal(0, listed.GetArrayLength());
        Assert.Equal(strangerId, me.GetProperty("id").GetGuid());
        Assert.Equal("Test User", (await (await owner.GetAsync("/api/users/me")).Json()).GetProperty("name").GetString());
    }
}
