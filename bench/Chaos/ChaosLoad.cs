using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Shop.Bench.Load;
using Shop.Orders;

namespace Shop.Bench.Chaos;

/// <summary>
/// The steady load of the chaos run: every user places orders at an even pace, each under a fresh
/// Idempotency-Key, and retries a refused or unanswered attempt with the same key like a careful
/// client (after Retry-After, at most 2 s), so an order is accepted once however often it is sent.
/// One more client reads products and order lists throughout. Every request lands in the timeline.
/// </summary>
public sealed class ChaosLoad
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan LongestRetryWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DrainBound = TimeSpan.FromSeconds(90);

    private readonly HttpClient _http;
    private readonly Timeline _timeline;
    private readonly IReadOnlyList<ChaosUser> _users;
    private readonly IReadOnlyList<ChaosProduct> _products;
    private readonly double _ordersPerSecond;
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<PlannedOrder> _orders = new();
    private readonly ConcurrentQueue<Task> _bursts = new();
    private Task _running = Task.CompletedTask;

    public ChaosLoad(string gatewayUrl, Timeline timeline, IReadOnlyList<ChaosUser> users, IReadOnlyList<ChaosProduct> products, double ordersPerSecond)
    {
        _http = BenchHttp.Create(gatewayUrl, users.Count + 4);
        _http.Timeout = RequestTimeout;
        _timeline = timeline;
        _users = users;
        _products = products;
        _ordersPerSecond = ordersPerSecond;
    }

    public IReadOnlyCollection<PlannedOrder> Orders => _orders;

    public void Start() =>
        _running = Task.WhenAll(_users.Select((user, i) => Task.Run(() => PlaceOrders(user, i))).Append(Task.Run(ReadProbe)));

    /// <summary>Stops starting orders; the orders already started are retried until accepted (or the drain bound passes).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
        await Task.WhenAll(_bursts);
    }

    /// <summary>
    /// <paramref name="count"/> orders at once on top of the steady load, spread over the users, each
    /// under its own key and retried like the others; completes when each was accepted (or given up).
    /// </summary>
    public Task Burst(int count)
    {
        var random = new Random(count);
        var number = _bursts.Count;
        var burst = Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            var user = _users[i % _users.Count];
            var key = $"chaos-{_runId}-burst-{number}-{i}";
            var order = new PlannedOrder(user, key, OrderIds.FromIdempotencyKey(user.Id, key));
            _orders.Enqueue(order);
            object body;
            lock (random)
            {
                body = Body(random);
            }

            await PlaceUntilAccepted(order, body);
        })));
        _bursts.Enqueue(burst);
        return burst;
    }

    /// <summary>One or two lines over the catalog, one to three of each product.</summary>
    private object Body(Random random) => new
    {
        items = Enumerable.Range(0, 1 + random.Next(2))
            .Select(_ => _products[random.Next(_products.Count)].Sku).Distinct()
            .Select(sku => new { sku, quantity = 1 + random.Next(3) }).ToArray(),
    };

    private async Task PlaceOrders(ChaosUser user, int worker)
    {
        var random = new Random(worker);
        var interval = TimeSpan.FromSeconds(_users.Count / _ordersPerSecond);
        // Users start spread over one interval, so the load is even rather than in bursts.
        var next = _timeline.Now + interval * worker / _users.Count;
        for (var n = 0; !_stop.IsCancellationRequested; n++)
        {
            var wait = next - _timeline.Now;
            next += interval;
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            var key = $"chaos-{_runId}-{worker}-{n}";
            var order = new PlannedOrder(user, key, OrderIds.FromIdempotencyKey(user.Id, key));
            _orders.Enqueue(order);
            await PlaceUntilAccepted(order, Body(random));
        }
    }

    private async Task PlaceUntilAccepted(PlannedOrder order, object body)
    {
        var drainDeadline = (TimeSpan?)null;
        while (true)
        {
            if (_stop.IsCancellationRequested)
            {
                drainDeadline ??= _timeline.Now + DrainBound;
                if (_timeline.Now > drainDeadline)
                {
                    return;
                }
            }

            order.Attempts++;
            using var request = BenchHttp.Json(HttpMethod.Post, "/api/orders", body, order.User.Token);
            request.Headers.Add("Idempotency-Key", order.Key);
            var (status, retryAfter, json) = await Send(Attempt.PlaceOrder, request);
            if (status is (int)HttpStatusCode.Accepted or (int)HttpStatusCode.OK && json is not null)
            {
                order.AcceptedId = json.RootElement.GetProperty("id").GetGuid();
                json.Dispose();
                return;
            }

            json?.Dispose();
            // Anything but "come back later" (503, 429) or no answer is a wrong answer to a valid
            // order: it is in the timeline for the checks, and retrying it would not change it.
            if (status is not (0 or 503 or 429))
            {
                return;
            }

            var pause = retryAfter ?? TimeSpan.FromMilliseconds(500);
            await Task.Delay(pause < LongestRetryWait ? pause : LongestRetryWait);
        }
    }

    private async Task ReadProbe()
    {
        var random = new Random(-1);
        while (!_stop.IsCancellationRequested)
        {
            using var request = random.Next(2) == 0
                ? BenchHttp.Get($"/api/products/{_products[random.Next(_products.Count)].Sku}")
                : BenchHttp.Get("/api/orders?limit=5", _users[random.Next(_users.Count)].Token);
            (await Send(Attempt.Read, request)).Json?.Dispose();
            try
            {
                await Task.Delay(250, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sends one request and records it: status (0 without an answer), Retry-After, the JSON body of a success.</summary>
    private async Task<(int Status, TimeSpan? RetryAfter, JsonDocument? Json)> Send(string kind, HttpRequestMessage request)
    {
        var started = _timeline.Now;
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            var failure = status switch
            {
                503 or 429 => ProblemType(body),
                >= 500 => Shorten(body),
                _ => null,
            };
            _timeline.Record(new Attempt(kind, started, clock.Elapsed, status, failure));
            var json = response.IsSuccessStatusCode ? JsonDocument.Parse(body) : null;
            return (status, response.Headers.RetryAfter?.Delta, json);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            _timeline.Record(new Attempt(kind, started, clock.Elapsed, 0, ex is TaskCanceledException ? $"no answer within {RequestTimeout.TotalSeconds:0} s" : ex.GetType().Name));
            return (0, null, null);
        }
    }

    /// <summary>The last part of a refusal's problem type ("overloaded", "unavailable", ...): which mechanism refused; null without one.</summary>
    public static string? ProblemType(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("type", out var type)
                && type.ValueKind == JsonValueKind.String && type.GetString() is { } value ? value[(value.LastIndexOf(':') + 1)..] : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string body) => body.Length <= 300 ? body : body[..300];
}
