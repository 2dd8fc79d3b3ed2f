using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Shop.Gateway.Tests;

[Collection(GatewayFaultsCollection.Name)]
public sealed class OrderHttpTests(FaultInjectingGatewayFixture fixture)
{
    private async Task<string> NewProduct(int stock, decimal price = 10m)
    {
        var sku = $"H-{Guid.NewGuid():N}"[..16];
        var admin = await Api.Admin(fixture.Gateway);
        var put = await admin.PutAsJsonAsync($"/api/products/{sku}", new { name = "Http product", description = "for tests", price, stock });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        return sku;
    }

    private static Task<JsonElement> WaitForStatus(HttpClient client, string location, string status) =>
        Eventually.Until(async () => await (await client.GetAsync(location)).Json(),
            o => o.GetProperty("status").GetString() == status, $"{location} to be {status}");

    private static async Task<JsonElement> Product(HttpClient client, string sku) => await (await client.GetAsync($"/api/products/{sku}")).Json();

    [Fact]
    public async Task The_long_poll_answers_when_the_order_leaves_pending_and_after_its_wait_otherwise()
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);
        var (stranger, _, _) = await Api.NewUser(fixture.Gateway);
        var sku = await NewProduct(stock: 10);
        string location;
        // The reservation takes 1.5 s: a plain read right after placing says Pending.
        using (FaultInjection.Hang("IProductGrain", "Reserve", TimeSpan.FromMilliseconds(1500), targetKey: sku))
        {
            var placed = await user.PostAsJsonAsync("/api/orders", new { items = new[] { new { sku, quantity = 1 } } });
            location = placed.Headers.Location!.ToString();

            var followed = await user.GetAsync($"{location}?wait=5");

            Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
            Assert.Equal("Confirmed", (await followed.Json()).GetProperty("status").GetString());
        }

        using (FaultInjection.Hang("IProductGrain", "Reserve", TimeSpan.FromSeconds(4), targetKey: sku))
        {
            var placed = await user.PostAsJsonAsync("/api/orders", new { items = new[] { new { sku, quantity = 1 } } });
            var pending = placed.Headers.Location!.ToString();

            // Still Pending when the wait is over: the answer is the order as it is, not an error.
            var waited = await user.GetAsync($"{pending}?wait=1");
            Assert.Equal(HttpStatusCode.OK, waited.StatusCode);
            Assert.Equal("Pending", (await waited.Json()).GetProperty("status").GetString());
            await (await stranger.GetAsync($"{pending}?wait=1")).AssertProblem(HttpStatusCode.NotFound);
            await WaitForStatus(user, pending, "Confirmed");
        }

        await (await user.GetAsync($"{location}?wait=0")).AssertValidationProblem("wait");
        await (await user.GetAsync($"{location}?wait=6")).AssertValidationProblem("wait");
        await (await user.GetAsync($"{location}?wait=soon")).AssertProblem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_pending_order_whose_activation_was_lost_is_still_shown_to_its_owner_and_settles()
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);
        var (stranger, _, _) = await Api.NewUser(fixture.Gateway);
        var sku = await NewProduct(stock: 10, price: 7m);
        string location;
        using (FaultInjection.Fail("IProductGrain", "Reserve", targetKey: sku))
        {
            var placed = await user.PostAsJsonAsync("/api/orders", new { items = new[] { new { sku, quantity = 2 } } });
            Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
            location = placed.Headers.Location!.ToString();
            var id = (await placed.Json()).GetProperty("id").GetGuid();

            // The order's activation goes (its silo "died"); the Pending order was never written by the order itself.
            using (FaultInjection.LoseAnswerAndActivation("IOrderGrain", "WaitWhilePending", () => new TimeoutException("the silo died"), targetKey: id.ToString("N"), times: 1))
            {
                await user.GetAsync($"{location}?wait=1");
            }

            // A new activation takes the order over from the owner's index; the long poll has no fallback answer.
            var read = await user.GetAsync($"{location}?wait=1");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            var order = await read.Json();
            Assert.Equal("Pending", order.GetProperty("status").GetString());
            Assert.Equal(14m, order.GetProperty("total").GetDecimal());
            await (await stranger.GetAsync($"{location}?wait=1")).AssertProblem(HttpStatusCode.NotFound);
        }

        await WaitForStatus(user, location, "Confirmed");
        Assert.Equal(2, (await Product(user, sku)).GetProperty("reserved").GetInt32());
    }

    [Fact]
    public async Task API4_a_user_with_too_many_pending_orders_gets_429_with_retry_after()
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);
        var sku = await NewProduct(stock: 100);
        using var fault = FaultInjection.Fail("IProductGrain", "Reserve", targetKey: sku);
        for (var i = 0; i < Shop.Orders.OrderRules.MaxPendingOrdersPerUser; i++)
        {
            var placed = await user.PostAsJsonAsync("/api/orders", new { items = new[] { new { sku, quantity = 1 } } });
            Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        }

        var refused = await user.PostAsJsonAsync("/api/orders", new { items = new[] { new { sku, quantity = 1 } } });

        var problem = await refused.AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.Contains("waiting for confirmation", problem.GetProperty("detail").GetString());
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal(Shop.Orders.OrderRules.MaxPendingOrdersPerUser, (await (await user.GetAsync("/api/orders?limit=100")).Json()).GetArrayLength());
    }

    [Fact]
    public async Task An_order_placed_over_http_is_confirmed_mailed_and_cancellable()
    {
        var (user, userId, _) = await Api.NewUser(fixture.Gateway);
        var sku = await NewProduct(stock: 10, price: 12.5m);

        var placed = await user.PostAsJsonAsync("/api/orders", new { items = new[] { new { sku, quantity = 3 } } });

        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        var order = await placed.Json();
        Assert.Equal("Pending", order.GetProperty("status").GetString());
        Assert.Equal(userId, order.GetProperty("userId").GetGuid());
        Assert.Equal(37.5m, order.GetProperty("total").GetDecimal());
        var location = placed.Headers.Location!.ToString();
        Assert.Equal($"/api/orders/{order.GetProperty("id").GetGuid()}", location);

        await WaitForStatus(user, location, "Confirmed");
        var product = await Product(user, sku);
        Assert.Equal((10, 3, 7), (product.GetProperty("stock").GetInt32(), product.GetProperty("reserved").GetInt32(), product.GetProperty("available").GetInt32()));

        var mails = await Eventually.Until(async () => await (await user.GetAsync("/api/users/me/notifications")).Json(),
            n => n.GetArrayLength() == 1, "the confirmation e-mail");
        Assert.Equal(order.GetProperty("id").GetGuid(), mails[0].GetProperty("orderId").GetGuid());
        Assert.Equal("order-confirmation", mails[0].GetProperty("kind").GetString());

        var cancelled = await user.PostAsync($"{location}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("Cancelled", (await cancelled.Json()).GetProperty("status").GetString());
        product = await Product(user, sku);
        Assert.Equal((10, 0, 10), (product.GetProperty("stock").GetInt32(), product.GetProperty("reserved").GetInt32(), product.GetProperty("available").GetInt32()));

        await (await user.PostAsync($"{location}/cancel", null)).AssertProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_order_beyond_stock_is_rejected_with_a_reason()
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);
        var sku = await NewProduct(stock: 1);

        var placed = await user.PostAsJsonAsync("/api/orders", new { items = new[] { new { sku, quantity = 2 } } });
        var order = await WaitForStatus(user, placed.Headers.Location!.ToString(), "Rejected");

        Assert.Contains("Insufficient stock", order.GetProperty("reason").GetString());
        Assert.Equal(0, (await Product(user, sku)).GetProperty("reserved").GetInt32());
    }

    [Fact]
    public async Task Another_users_order_is_404_and_an_admin_sees_it()
    {
        var (owner, _, _) = await Api.NewUser(fixture.Gateway);
        var (stranger, _, _) = await Api.NewUser(fixture.Gateway);
        var sku = await NewProduct(stock: 5);
        var location = (await owner.PostAsJsonAsync("/api/orders", new { items = new[] { new { sku, quantity = 1 } } })).Headers.Location!.ToString();

        await (await stranger.GetAsync(location)).AssertProblem(HttpStatusCode.NotFound);
        await (await stranger.PostAsync($"{location}/cancel", null)).AssertProblem(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"/api/orders/{Guid.NewGuid()}")).AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal(0, (await (await stranger.GetAsync("/api/orders")).Json()).GetArrayLength());

        var admin = await Api.Admin(fixture.Gateway);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(location)).StatusCode);
        Assert.NotEqual("Cancelled", (await (await owner.GetAsync(location)).Json()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_same_idempotency_key_and_body_return_the_same_order()
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);
        var sku = await NewProduct(stock: 10);
        var body = new { items = new[] { new { sku, quantity = 2 } } };

        HttpRequestMessage Request() => new(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(body),
            Headers = { { "Idempotency-Key", "checkout-42" } },
        };

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => user.SendAsync(Request())));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Json()).GetProperty("id").GetGuid()));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Accepted);
        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Single(ids.Distinct());
        Assert.Equal(1, (await (await user.GetAsync("/api/orders")).Json()).GetArrayLength());
        await WaitForStatus(user, $"/api/orders/{ids[0]}", "Confirmed");
        Assert.Equal(2, (await Product(user, sku)).GetProperty("reserved").GetInt32());
    }

    [Fact]
    public async Task The_same_idempotency_key_with_another_body_is_422_and_other_users_keys_do_not_collide()
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);
        var (other, _, _) = await Api.NewUser(fixture.Gateway);
        var sku = await NewProduct(stock: 10);

        HttpRequestMessage Request(int quantity) => new(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { items = new[] { new { sku, quantity } } }),
            Headers = { { "Idempotency-Key", "same-key" } },
        };

        Assert.Equal(HttpStatusCode.Accepted, (await user.SendAsync(Request(1))).StatusCode);
        await (await user.SendAsync(Request(2))).AssertProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(HttpStatusCode.Accepted, (await other.SendAsync(Request(2))).StatusCode);
    }

    public static TheoryData<string, string> InvalidOrders() => new()
    {
        { """{"items":[]}""", "items" },
        { """{}""", "items" },
        { """{"items":[{"sku":"bad sku!","quantity":1}]}""", "items[0].sku" },
        { """{"items":[{"sku":"A-1","quantity":0}]}""", "items[0].quantity" },
        { """{"items":[{"sku":"A-1","quantity":1001}]}""", "items[0].quantity" },
        { """{"items":[{"sku":"A-1"}]}""", "items[0].quantity" },
        { """{"items":[{"sku":"A-1","quantity":1},{"sku":"A-1","quantity":2}]}""", "items[1].sku" },
        { """{"items":[null]}""", "items[0]" },
        { "{\"items\":[" + string.Join(',', Enumerable.Range(0, 51).Select(i => $"{{\"sku\":\"S{i}\",\"quantity\":1}}")) + "]}", "items" },
    };

    [Theory]
    [MemberData(nameof(InvalidOrders))]
    public async Task Invalid_orders_answer_400_naming_the_field(string json, string field)
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);

        var response = await user.PostAsync("/api/orders", new StringContent(json, Encoding.UTF8, "application/json"));

        await response.AssertValidationProblem(field);
        Assert.Equal(0, (await (await user.GetAsync("/api/orders")).Json()).GetArrayLength());
    }

    [Fact]
    public async Task An_overlong_idempotency_key_answers_400()
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { items = new[] { new { sku = "A-1", quantity = 1 } } }),
            Headers = { { "Idempotency-Key", new string('k', 129) } },
        };

        await (await user.SendAsync(request)).AssertValidationProblem("Idempotency-Key");
    }

    [Theory]
    [InlineData("""{"items":[""")]
    [InlineData("""{"items":[{"sku":"A-1","quantity":"many"}]}""")]
    // Numbers are strict JSON numbers: a quantity given as a string is refused, not read from it.
    [InlineData("""{"items":[{"sku":"A-1","quantity":"5"}]}""")]
    [InlineData("""{"items":"none"}""")]
    [InlineData("not json at all")]
    public async Task Malformed_bodies_answer_400_problem_details(string json)
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);

        var response = await user.PostAsync("/api/orders", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Contains("JSON", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_order_list_is_newest_first_and_limited()
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);
        var sku = await NewProduct(stock: 10);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var placed = await user.PostAsJsonAsync("/api/orders", new { items = new[] { new { sku, quantity = 1 } } });
            ids.Add((await placed.Json()).GetProperty("id").GetGuid());
        }

        var all = await (await user.GetAsync("/api/orders")).Json();
        var two = await (await user.GetAsync("/api/orders?limit=2")).Json();

        ids.Reverse();
        Assert.Equal(ids, all.EnumerateArray().Select(o => o.GetProperty("id").GetGuid()));
        Assert.Equal(ids.Take(2), two.EnumerateArray().Select(o => o.GetProperty("id").GetGuid()));
        await (await user.GetAsync("/api/orders?limit=0")).AssertValidationProblem("limit");
        await (await user.GetAsync("/api/orders?limit=101")).AssertValidationProblem("limit");
        await (await user.GetAsync("/api/orders?limit=ten")).AssertProblem(HttpStatusCode.BadRequest);
    }
}
