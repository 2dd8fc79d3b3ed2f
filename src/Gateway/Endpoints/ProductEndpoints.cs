using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Shop.Gateway.Auth;
using Shop.Gateway.Contract;
using Shop.Gateway.Errors;
using Shop.Gateway.Resilience;
using Shop.Gateway.Services;
using Shop.Inventory;

namespace Shop.Gateway.Endpoints;

/// <summary>The catalog: anyone reads, admins define products and restock.</summary>
public static class ProductEndpoints
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxStock = 1_000_000_000;
    public const double MaxPrice = 1_000_000_000;

    /// <summary>Products per page of GET /api/products (OWASP API4: no answer grows with the catalog).</summary>
    public const int DefaultListLimit = 50;
    public const int MaxListLimit = 100;

    public static void MapProductEndpoints(this IEndpointRouteBuilder app)
    {
        var products = app.MapGroup("/api/products").WithTags("Products");
        products.MapGet("", List).AllowAnonymous().WithName("ListProducts").WithSummary("One page of the catalog")
            .WithDescription("""
                Products in sku order (ordinal): ?limit= products (1 to 100, default 50) after the sku ?after=.
                When more follow, a Link header (rel="next") names the next page.
                """);
        products.MapGet("/{sku}", Get).AllowAnonymous().WithName("GetProduct").WithSummary("A product with its stock");
        products.MapPut("/{sku}", Put).RequireAuthorization(AuthSetup.AdminPolicy).WithName("PutProduct")
            .WithSummary("Define or change a product (admin)")
            .WithDescription("Created (201) for a new sku, 200 for an existing one; stock cannot go below what orders reserved (409).");
        products.MapPost("/{sku}/restock", Restock).RequireAuthorization(AuthSetup.AdminPolicy).WithName("RestockProduct")
            .WithSummary("Add stock to a product (admin)");
    }

    private static async Task<Results<Ok<ProductSummaryResponse[]>, ValidationProblem>> List(
        HttpContext http, InventoryService inventory,
        [Range(1, MaxListLimit)] int? limit,
        [StringLength(Sku.MaxLength, MinimumLength = 1), RegularExpression(Sku.Pattern)] string? after)
    {
        var errors = new ValidationErrors()
            .Require(limit is null or (>= 1 and <= MaxListLimit), "limit", $"The limit is 1 to {MaxListLimit}.")
            .Require(after is null || Sku.IsValid(after), "after", $"The cursor is a sku: {Sku.Rule}");
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var pageSize = limit ?? DefaultListLimit;
        var page = await inventory.Page(after, pageSize);
        if (page.NextAfter is { } next)
        {
            http.Response.Headers.Link = $"</api/products?limit={pageSize}&after={Uri.EscapeDataString(next)}>; rel=\"next\"";
        }

        return TypedResults.Ok(page.Products.Select(p => p.ToSummary()).ToArray());
    }

    private static async Task<Results<Ok<ProductResponse>, ValidationProblem, NotFoundProblem>> Get(
        [StringLength(Sku.MaxLength, MinimumLength = 1), RegularExpression(Sku.Pattern)] string sku, InventoryService inventory)
    {
        if (!Sku.IsValid(sku))
        {
            return InvalidSku();
        }

        return await inventory.Product(sku) is { } product ? TypedResults.Ok(product.ToResponse()) : ProductNotFound(sku);
    }

    private static async Task<Results<Created<ProductResponse>, Ok<ProductResponse>, ValidationProblem, ConflictProblem>> Put(
        [StringLength(Sku.MaxLength, MinimumLength = 1), RegularExpression(Sku.Pattern)] string sku, PutProductRequest body, InventoryService inventory)
    {
        var errors = new ValidationErrors()
            .Require(Sku.IsValid(sku), "sku", Sku.Rule)
            .Require(!string.IsNullOrWhiteSpace(body.Name) && body.Name.Trim().Length <= MaxNameLength,
                "name", $"The name is required (at most {MaxNameLength} characters).")
            .Require((body.Description?.Length ?? 0) <= MaxDescriptionLength,
                "description", $"The description has at most {MaxDescriptionLength} characters.")
            .Require(body.Price is { } price && price >= 0 && price < (decimal)MaxPrice && decimal.Round(price, 2) == price,
                "price", "The price is required: a number >= 0 with at most 2 decimal places.")
            .Require(body.Stock is >= 0 and <= MaxStock, "stock", $"The stock is required: 0 to {MaxStock}.");
        if (errors.Any)
        {
            return errors.ToResult();
        }

        // A fresh attempt id per request: the gateway's retries of this request repeat it, a new request does not.
        var definition = new ProductDefinition(body.Name!.Trim(), body.Description?.Trim() ?? "", body.Price!.Value, body.Stock!.Value, AttemptId: Guid.NewGuid());
        var result = await inventory.Upsert(sku, definition);
        return result.Outcome switch
        {
            UpsertProductOutcome.Created => TypedResults.Created($"/api/products/{sku}", result.Product.ToResponse()),
            UpsertProductOutcome.Updated => TypedResults.Ok(result.Product.ToResponse()),
            _ => new ConflictProblem($"Stock cannot go below the {result.Product.Reserved} units reserved by orders."),
        };
    }

    private static async Task<Results<Ok<ProductResponse>, ValidationProblem, NotFoundProblem, OutcomeUnknownProblem>> Restock(
        [StringLength(Sku.MaxLength, MinimumLength = 1), RegularExpression(Sku.Pattern)] string sku, RestockRequest body, InventoryService inventory)
    {
        var errors = new ValidationErrors()
            .Require(Sku.IsValid(sku), "sku", Sku.Rule)
            .Require(body.Quantity is > 0 and <= MaxStock, "quantity", $"The quantity is required: 1 to {MaxStock}.");
        if (errors.Any)
        {
            return errors.ToResult();
        }

        if (await inventory.Current(sku) is not { } current)
        {
            return ProductNotFound(sku);
        }

        if ((long)current.Stock + body.Quantity!.Value > MaxStock)
        {
            return errors.Add("quantity", $"Stock would exceed {MaxStock}.").ToResult();
        }

        ProductDetails? restocked;
        try
        {
            restocked = await inventory.Restock(sku, body.Quantity.Value);
        }
        catch (ServiceUnavailableException unavailable) when (unavailable.MayHaveHappened)
        {
            // A restock adds to the stock, so it is never repeated blindly: the client looks first.
            return OutcomeUnknownProblem.Restock($"/api/products/{sku}", unavailable.RetryAfter);
        }

        return restocked is { } product ? TypedResults.Ok(product.ToResponse()) : ProductNotFound(sku);
    }

    private static NotFoundProblem ProductNotFound(string sku) => new($"No product with sku '{sku}'.");

    private static ValidationProblem InvalidSku() => new ValidationErrors().Add("sku", Sku.Rule).ToResult();
}
