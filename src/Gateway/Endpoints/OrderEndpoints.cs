using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Shop.Gateway.Auth;
using Shop.Gateway.Contract;
using Shop.Gateway.Errors;
using Shop.Gateway.Resilience;
using Shop.Gateway.Services;
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
        orders.MapPost("", Place).WithName("PlaceOrder")
            .WithSummary("Place an order")
            .WithDescription("""
                Accepted (202) once the order and the events it owes are stored; stock is reserved and the order
                confirmed or rejected asynchronously (follow Location, or GET it with ?wait=). With an
                Idempotency-Key header a retried placement answers the same order (200) instead of a second one.
                Within a rolling 24 hours a user's pending and confirmed orders may hold at most a configured number of
                units of one product and a configured total value; beyond that the placement is refused (422, problem type
                urn:orleans-shop:problem:order-limit, the detail naming the limit).
                """);
        orders.MapGet("", List).WithName("ListOrders").WithSummary("The caller's newest orders");
        orders.MapGet("/{id:guid}", Get).WithName("GetOrder").WithSummary("An order of the caller's (admins: any order)")
            .WithDescription("With ?wait=S (1 to 5 seconds) a long poll: while the order is Pending the answer waits until it is settled or S seconds passed.");
        orders.MapPost("/{id:guid}/cancel", Cancel).WithName("CancelOrder").WithSummary("Cancel a pending or confirmed order")
            .WithDescription("Releases its stock reservation. Rejected and cancelled orders answer 409.");
    }

    private static async Task<Results<Accepted<OrderResponse>, Ok<OrderResponse>, ValidationProblem, UnprocessableProblem, TooManyRequestsProblem, OutcomeUnknownProblem>> Place(
        CreateOrderRequest body,
        [FromHeader(Name = "Idempotency-Key"), StringLength(OrderRules.MaxIdempotencyKeyLength, MinimumLength = 1)] string? idempotencyKey,
        ClaimsPrincipal user,
        OrdersService orders)
    {
        var errors = ValidateOrder(body, idempotencyKey);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var userId = user.UserId();
        var orderId = idempotencyKey is null ? OrderIds.New() : OrderIds.FromIdempotencyKey(userId, idempotencyKey);
        var lines = body.Items!.Select(l => new OrderLineRequest(l!.Sku!, l.Quantity!.Value)).ToArray();
        PlaceOrderResult result;
        try
        {
            result = await orders.Place(orderId, new PlaceOrder(userId, lines), newId: idempotencyKey is null);
        }
        catch (ServiceUnavailableException unavailable) when (unavailable.MayHaveHappened)
        {
            // The order id is known either way (the key's, or the one chosen here): the client can look.
            return OutcomeUnknownProblem.Placement($"/api/orders/{orderId}", unavailable.RetryAfter);
        }

        return result switch
        {
            { Outcome: PlaceOrderOutcome.Created, Order: { } order } =>
                TypedResults.Accepted($"/api/orders/{order.Id}", order.ToResponse()),
            { Outcome: PlaceOrderOutcome.AlreadyPlaced, Order: { } order } =>
                TypedResults.Ok(order.ToResponse()),
            { Outcome: PlaceOrderOutcome.IdempotencyConflict } =>
                new UnprocessableProblem("This Idempotency-Key was already used with a different request body."),
            { Outcome: PlaceOrderOutcome.TooManyPending } =>
                new TooManyRequestsProblem(TimeSpan.FromSeconds(1), result.Error ?? "Too many orders are waiting for confirmation."),
            // A business limit, not a rate: retrying soon does not help, so 422 and no Retry-After.
            { Outcome: PlaceOrderOutcome.OverOrderLimit } =>
                new UnprocessableProblem(result.Error ?? "This order would pass your limit of units or value within 24 hours.", UnprocessableProblem.OrderLimitType),
            _ => new ValidationErrors().Add("items", result.Error ?? "The order is invalid.").ToResult(),
        };
    }

    private static async Task<Results<Ok<OrderResponse>, ValidationProblem, NotFoundProblem>> Get(
        Guid id, ClaimsPrincipal user, OrdersService orders, [Range(1, OrderRules.MaxWaitSeconds)] int? wait)
    {
        if (wait is < 1 or > OrderRules.MaxWaitSeconds)
        {
            return new ValidationErrors().Add("wait", $"The wait is 1 to {OrderRules.MaxWaitSeconds} seconds.").ToResult();
        }

        var order = wait is { } seconds ? await orders.WaitWhilePending(id, TimeSpan.FromSeconds(seconds)) : await orders.Order(id);
        return order is not null && CanSee(user, order) ? TypedResults.Ok(order.ToResponse()) : OrderNotFound();
    }

    private static async Task<Results<Ok<OrderResponse[]>, ValidationProblem>> List(
        ClaimsPrincipal user, OrdersService orders, [Range(1, MaxListLimit)] int? limit)
    {
        if (limit is < 1 or > MaxListLimit)
        {
            return new ValidationErrors().Add("limit", $"The limit is 1 to {MaxListLimit}.").ToResult();
        }

        var recent = await orders.Recent(user.UserId(), limit ?? DefaultListLimit);
        return TypedResults.Ok(recent.Select(o => o.ToResponse()).ToArray());
    }

    private static async Task<Results<Ok<OrderResponse>, NotFoundProblem, ConflictProblem, OutcomeUnknownProblem>> Cancel(Guid id, ClaimsPrincipal user, OrdersService orders)
    {
        if (await orders.Current(id) is not { } order || !CanSee(user, order))
        {
            return OrderNotFound();
        }

        CancelOrderResult result;
        try
        {
            result = await orders.Cancel(id);
        }
        catch (ServiceUnavailableException unavailable) when (unavailable.MayHaveHappened)
        {
            // Not retried by the gateway (a second attempt after one that landed answers 409), so the
            // client is told it may have happened, and where to look.
            return OutcomeUnknownProblem.Cancellation($"/api/orders/{id}", unavailable.RetryAfter);
        }

        return result switch
        {
            { Outcome: CancelOrderOutcome.Cancelled, Order: { } cancelled } => TypedResults.Ok(cancelled.ToResponse()),
            { Outcome: CancelOrderOutcome.NotCancellable, Order: { } current } =>
                new ConflictProblem($"The order is {current.Status} and can no longer be cancelled."),
            _ => OrderNotFound(),
        };
    }

    private static bool CanSee(ClaimsPrincipal user, OrderSnapshot order) => order.UserId == user.UserId() || user.IsAdmin();

    private static NotFoundProblem OrderNotFound() => new("No such order.");

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

            errors.Require(Sku.IsValid(line.Sku), $"items[{i}].sku", Sku.Rule);
            errors.Require(line.Sku is null || seen.Add(line.Sku), $"items[{i}].sku", "Each sku appears on one line only.");
            errors.Require(line.Quantity is >= OrderRules.MinQuantity and <= OrderRules.MaxQuantity,
                $"items[{i}].quantity", $"The quantity is {OrderRules.MinQuantity} to {OrderRules.MaxQuantity}.");
        }

        return errors;
    }
}
