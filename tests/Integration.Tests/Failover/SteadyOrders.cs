using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace Shop.Integration.Tests.Failover;

/// <summary>
/// An open-loop order load, as a shop's clients make it: a new order every 1/rate seconds whatever
/// the answers do, from several users in turn, each request sent once (no client-side retry), its
/// answer and time recorded. Every fourth order carries an Idempotency-Key; the rest rely on the
/// gateway choosing the order id.
/// </summary>
public sealed class SteadyOrders(IReadOnlyList<HttpClient> users, IReadOnlyList<string> skus, double perSecond)
{
    private readonly ConcurrentBag<Answer> _answers = [];
    private readonly List<Task> _inFlight = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = new();
    private Task? _loop;

    public sealed record Answer(int Sequence, TimeSpan SentAt, TimeSpan Took, HttpStatusCode? Status, Guid? OrderId, string? Failure);

    public IReadOnlyCollection<Answer> Answers => _answers;

    /// <summary>Time since the load started: the clock of <see cref="Answer.SentAt"/>.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    public void Start()
    {
        _clock.Start();
        _loop = Task.Run(async () =>
        {
            var interval = TimeSpan.FromSeconds(1 / perSecond);
            for (var n = 0; !_stop.IsCancellationRequested; n++)
            {
                var due = interval * n;
                if (due > _clock.Elapsed)
                {
                    await Task.Delay(due - _clock.Elapsed);
                }

                lock (_inFlight)
                {
                    _inFlight.Add(Place(n));
                }
            }
        });
    }

    /// <summary>Stops sending and waits for every request sent to be answered.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop!;
        Task[] pending;
        lock (_inFlight)
        {
            pending = [.. _inFlight];
        }

        await Task.WhenAll(pending);
    }

    private async Task Place(int n)
    {
        var sentAt = _clock.Elapsed;
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { items = new[] { new { sku = skus[n % skus.Count], quantity = 1 } } }),
        };
        if (n % 4 == 0)
        {
            request.Headers.Add("Idempotency-Key", $"steady-{n}-{Guid.NewGuid():N}");
        }

        try
        {
            using var response = await users[n % users.Count].SendAsync(request);
            var id = response.IsSuccessStatusCode ? (await response.Json()).GetProperty("id").GetGuid() : (Guid?)null;
            _answers.Add(new Answer(n, sentAt, _clock.Elapsed - sentAt, response.StatusCode, id,
                response.IsSuccessStatusCode ? null : await response.Content.ReadAsStringAsync()));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            _answers.Add(new Answer(n, sentAt, _clock.Elapsed - sentAt, null, null, ex.Message));
        }
    }
}
