using Shop.Gateway.Auth;
using Shop.Gateway.Http;
using Shop.Gateway.Resilience;
using Shop.Inventory;

namespace Shop.Gateway.Endpoints;

/// <summary>The catalog: anyone reads, admins define products and restock.</summary>
public static class ProductEndpoints
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxStock = 1_000_000_000;
    public const decimal MaxPrice = 1_000_000_000m;

    /// <summary>Products per page of GET /api/products (OWASP API4: no answer grows with the catalog).</summary>
    public const int DefaultListLimit = 50;
    public const int MaxListLimit = 100;

    public static void MapProductEndpoints(this IEndpointRouteBuilder app)
    {
        var products = app.MapGroup("/api/products").WithTags("Products");
        products.MapGet("", List).AllowAnonymous().Produces<ProductSummaryResponse[]>().ProducesValidationProblem();
        products.MapGet("/{sku}", Get).AllowAnonymous().Produces<ProductResponse>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        products.MapPut("/{sku}", Put).RequireAuthorization(AuthSetup.AdminPolicy)
            .Accepts<PutProductRequest>("application/json")
            .Produces<ProductResponse>(StatusCodes.Status201Created).Produces<ProductResponse>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        products.MapPost("/{sku}/restock", Restock).RequireAuthorization(AuthSetup.AdminPolicy)
            .Accepts<RestockRequest>("application/json")
            .Produces<ProductResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>
    /// One page of the catalog in sku order (ordinal): <c>?limit=</c> products (1 to 100, default 50)
    /// after the sku <c>?after=</c>. The answer stays a plain array; when more products follow, a
    /// <c>Link: &lt;...&gt;; rel="next"</c> header names the next page, whose cursor is the last sku of this one.
    /// </summary>
    private static async Task<IResult> List(HttpContext http, IClusterClient cluster, ClusterCalls calls, int? limit, string? after)
    {
        var errors = new ValidationErrors()
            .Require(limit is null or (>= 1 and <= MaxListLimit), "limit", $"The limit is 1 to {MaxListLimit}.")
            .Require(after is null || Sku.IsValid(after), "after", $"The cursor is a sku: {SkuRule}");
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var pageSize = limit ?? DefaultListLimit;
        // One more than the page: whether it exists says if there is a next page.
        var page = await calls.Read(DownstreamService.Inventory, $"products:{after}:{pageSize}", async () =>
        {
            var skus = await cluster.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetSkusAfter(after, pageSize + 1);
            var details = await Task.WhenAll(skus.Take(pageSize).Select(s => cluster.GetGrain<IProductGrain>(s).GetDetails()));
            return new CatalogPage(details.OfType<ProductDetails>().Select(d => d.ToSummary()).ToArray(), skus.Count > pageSize ? skus[pageSize - 1] : null);
        });
        if (page.NextAfter is { } next)
        {
            http.Response.Headers.Link = $"</api/products?limit={pageSize}&after={Uri.EscapeDataString(next)}>; rel=\"next\"";
        }

        return TypedResults.Ok(page.Products);
    }

    /// <summary>A page as the fallback cache keeps it: the products, and the cursor of the next page if there is one.</summary>
    private sealed record CatalogPage(ProductSummaryResponse[] Products, string? NextAfter);

    private static async Task<IResult> Get(string sku, IClusterClient cluster, ClusterCalls calls)
    {
        if (!Sku.IsValid(sku))
        {
            return InvalidSku();
        }

        return await calls.Read(DownstreamService.Inventory, $"product:{sku}", () => cluster.GetGrain<IProductGrain>(sku).GetDetails()) is { } product
            ? TypedResults.Ok(product.ToResponse())
            : Problems.NotFound($"No product with sku '{sku}'.");
    }

    private static async Task<IResult> Put(string sku, PutProductRequest body, IClusterClient cluster, ClusterCalls calls)
    {
        var errors = new ValidationErrors()
            .Require(Sku.IsValid(sku), "sku", SkuRule)
            .Require(!string.IsNullOrWhiteSpace(body.Name) && body.Name.Trim().Length <= MaxNameLength,
                "name", $"The name is required (at most {MaxNameLength} characters).")
            .Require((body.Description?.Length ?? 0) <= MaxDescriptionLength,
                "description", $"The description has at most {MaxDescriptionLength} characters.")
            .Require(body.Price is { } price && price >= 0 && price < MaxPrice && decimal.Round(price, 2) == price,
                "price", "The price is required: a number >= 0 with at most 2 decimal places.")
            .Require(body.Stock is >= 0 and <= MaxStock, "stock", $"The stock is required: 0 to {MaxStock}.");
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var definition = new ProductDefinition(body.Name!.Trim(), body.Description?.Trim() ?? "", body.Price!.Value, body.Stock!.Value);
        var result = await calls.Call(DownstreamService.Inventory, () => cluster.GetGrain<IProductGrain>(sku).Upsert(definition));
        return result.Outcome switch
        {
            UpsertProductOutcome.Created => TypedResults.Created($"/api/products/{sku}", result.Product.ToResponse()),
            UpsertProductOutcome.Updated => TypedResults.Ok(result.Product.ToResponse()),
            _ => Problems.Conflict($"Stock cannot go below the {result.Product.Reserved} units reserved by orders."),
        };
    }

    private static async Task<IResult> Restock(string sku, RestockRequest body, IClusterClient cluster, ClusterCalls calls)
    {
        var errors = new ValidationErrors()
            .Require(Sku.IsValid(sku), "sku", SkuRule)
            .Require(body.Quantity is > 0 and <= MaxStock, "quantity", $"The quantity is required: 1 to {MaxStock}.");
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var product = cluster.GetGrain<IProductGrain>(sku);
        var current = await calls.Call(DownstreamService.Inventory, product.GetDetails);
        if (current is null)
        {
            return Problems.NotFound($"No product with sku '{sku}'.");
        }

        if ((long)current.Stock + body.Quantity!.Value > MaxStock)
        {
            return errors.Add("quantity", $"Stock would exceed {MaxStock}.").ToResult();
        }

        return await calls.Call(DownstreamService.Inventory, () => product.Restock(body.Quantity.Value)) is { } restocked
            ? TypedResults.Ok(restocked.ToResponse())
            : Problems.NotFound($"No product with sku '{sku}'.");
    }

    private const string SkuRule = "A sku is 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-'.";

    private static IResult InvalidSku() => new ValidationErrors().Add("sku", SkuRule).ToResult();
}
