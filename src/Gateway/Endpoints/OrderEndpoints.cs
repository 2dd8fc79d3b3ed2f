using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Shop.Gateway.Http;
using Shop.Gateway.Resilience;
using Shop.Inventory;
using Shop.Orders;

namespace Shop.Gateway.Endpoints;

/// <summary>
/// Placing, reading, listing and cancelling orders. Anyone but the owner or an admin gets 404 for an
/// order, so order ids do not reveal whether an order exists.
/// </summary>
public static class OrderEndpoints
{
    public const int DefaultListLimit = 20;
    public const int MaxListLimit = OrderRules.ListedOrders;

    public static void MapOrderEndpoints(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/orders").WithTags("Orders").RequireAuthorization();
        orders.MapPost("", Place).Accepts<CreateOrderRequest>("application/json")
            .Produces<OrderResponse>(StatusCodes.Status202Accepted).Produces<OrderResponse>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        orders.MapGet("", List).Produces<OrderResponse[]>().ProducesValidationProblem();
        orders.MapGet("/{id:guid}", Get).Produces<OrderResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        orders.MapPost("/{id:guid}/cancel", Cancel).Produces<OrderResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> Place(
        CreateOrderRequest body,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        ClaimsPrincipal user,
        IClusterClient cluster,
        ClusterCalls calls)
    {
        var errors = ValidateOrder(body, idempotencyKey);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var userId = user.UserId();
        var orderId = idempotencyKey is null ? OrderIds.New() : OrderIds.FromIdempotencyKey(userId, idempotencyKey);
        var lines = body.Items!.Select(l => new OrderLineRequest(l!.Sku!, l.Quantity!.Value)).ToArray();
        var result = await calls.Call(DownstreamService.Orders, () => cluster.GetGrain<IOrderGrain>(orderId).Place(new PlaceOrder(userId, lines)));

        return result switch
        {
            { Outcome: PlaceOrderOutcome.Created, Order: { } order } =>
                TypedResults.Accepted($"/api/orders/{order.Id}", order.ToResponse()),
            { Outcome: PlaceOrderOutcome.AlreadyPlaced, Order: { } order } =>
                TypedResults.Ok(order.ToResponse()),
            { Outcome: PlaceOrderOutcome.IdempotencyConflict } =>
                Problems.Unprocessable("This Idempotency-Key was already used with a different request body."),
            { Outcome: PlaceOrderOutcome.TooManyPending } =>
                Problems.TooManyRequests(TimeSpan.FromSeconds(1), result.Error ?? "Too many orders are waiting for confirmation."),
            _ => new ValidationErrors().Add("items", result.Error ?? "The order is invalid.").ToResult(),
        };
    }

    /// <summary>
    /// The order; with <c>?wait=S</c> (1 to 5 seconds) a long poll: while the order is Pending the
    /// answer waits until it is confirmed, rejected or cancelled, or S seconds passed, so a client
    /// learns the outcome without polling.
    /// </summary>
    private static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IClusterClient cluster, ClusterCalls calls, int? wait)
    {
        if (wait is < 1 or > OrderRules.MaxWaitSeconds)
        {
            return new ValidationErrors().Add("wait", $"The wait is 1 to {OrderRules.MaxWaitSeconds} seconds.").ToResult();
        }

        var grain = cluster.GetGrain<IOrderGrain>(id);
        var order = wait is { } seconds
            ? await calls.Call(DownstreamService.Orders, TimeSpan.FromSeconds(seconds), () => grain.WaitWhilePending(TimeSpan.FromSeconds(seconds)))
            : await calls.Read(DownstreamService.Orders, $"order:{id}", grain.Get);
        return order is not null && CanSee(user, order) ? TypedResults.Ok(order.ToResponse()) : OrderNotFound();
    }

    private static async Task<IResult> List(ClaimsPrincipal user, IClusterClient cluster, ClusterCalls calls, int? limit)
    {
        if (limit is < 1 or > MaxListLimit)
        {
            return new ValidationErrors().Add("limit", $"The limit is 1 to {MaxListLimit}.").ToResult();
        }

        var orders = await ReadRecentOrders(user.UserId(), limit ?? DefaultListLimit, cluster, calls);
        return TypedResults.Ok(orders.Select(o => o.ToResponse()).ToArray());
    }

    /// <summary>The user's newest orders, with the last good answer as fallback (the dashboard shares it).</summary>
    internal static Task<OrderSnapshot[]> ReadRecentOrders(Guid userId, int limit, IClusterClient cluster, ClusterCalls calls) =>
        calls.Read(DownstreamService.Orders, $"orders:{userId}:{limit}", async () =>
        {
            var ids = await cluster.GetGrain<IUserOrdersGrain>(userId).GetRecent(limit);
            var orders = await Task.WhenAll(ids.Select(id => cluster.GetGrain<IOrderGrain>(id).Get()));
            return orders.OfType<OrderSnapshot>().ToArray();
        });

    private static async Task<IResult> Cancel(Guid id, ClaimsPrincipal user, IClusterClient cluster, ClusterCalls calls)
    {
        var grain = cluster.GetGrain<IOrderGrain>(id);
        if (await calls.Call(DownstreamService.Orders, grain.Get) is not { } order || !CanSee(user, order))
        {
            return OrderNotFound();
        }

        var result = await calls.Call(DownstreamService.Orders, grain.Cancel);
        return result switch
        {
            { Outcome: CancelOrderOutcome.Cancelled, Order: { } cancelled } => TypedResults.Ok(cancelled.ToResponse()),
            { Outcome: CancelOrderOutcome.NotCancellable, Order: { } current } =>
                Problems.Conflict($"The order is {current.Status} and can no longer be cancelled."),
            _ => OrderNotFound(),
        };
    }

    private static bool CanSee(ClaimsPrincipal user, OrderSnapshot order) => order.UserId == user.UserId() || user.IsAdmin();

    private static IResult OrderNotFound() => Problems.NotFound("No such order.");

    private static ValidationErrors ValidateOrder(CreateOrderRequest body, string? idempotencyKey)
    {
        var errors = new ValidationErrors();
        if (idempotencyKey is not null)
        {
            errors.Require(idempotencyKey.Length is > 0 and <= OrderRules.MaxIdempotencyKeyLength,
                "Idempotency-Key", $"The Idempotency-Key header has 1 to {OrderRules.MaxIdempotencyKeyLength} characters.");
        }

        if (body.Items is not { Count: > 0 and <= OrderRules.MaxLines })
        {
            return errors.Add("items", $"An order has 1 to {OrderRules.MaxLines} lines.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < body.Items.Count; i++)
        {
            var line = body.Items[i];
            if (line is null)
            {
                errors.Add($"items[{i}]", "A line is required.");
                continue;
            }

            errors.Require(Sku.IsValid(line.Sku), $"items[{i}].sku", "A sku is 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-'.");
            errors.Require(line.Sku is null || seen.Add(line.Sku), $"items[{i}].sku", "Each sku appears on one line only.");
            errors.Require(line.Quantity is >= OrderRules.MinQuantity and <= OrderRules.MaxQuantity,
                $"items[{i}].quantity", $"The quantity is {OrderRules.MinQuantity} to {OrderRules.MaxQuantity}.");
        }

        return errors;
    }
}
