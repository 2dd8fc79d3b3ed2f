using System.ComponentModel.DataAnnotations;
using Shop.Gateway.Endpoints;

namespace Shop.Gateway.Contract;

public sealed record ProductSummaryResponse(string Sku, string Name, decimal Price, int Available);

/// <summary>A product with its stock: <c>available = stock - reserved</c>.</summary>
public sealed record ProductResponse(string Sku, string Name, string Description, decimal Price, int Stock, int Reserved, int Available);

/// <summary>A product's definition; the description is optional (JSON binds by name, so its place last changes nothing on the wire).</summary>
public sealed record PutProductRequest(
    [property: Required, StringLength(ProductEndpoints.MaxNameLength, MinimumLength = 1)] string? Name,
    [property: Required, Range(0, ProductEndpoints.MaxPrice, MaximumIsExclusive = true)] decimal? Price,
    [property: Required, Range(0, ProductEndpoints.MaxStock)] int? Stock,
    [property: StringLength(ProductEndpoints.MaxDescriptionLength)] string? Description = null);

public sealed record RestockRequest([property: Required, Range(1, ProductEndpoints.MaxStock)] int? Quantity);
