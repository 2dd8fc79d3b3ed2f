namespace Shop.Gateway.Resilience;

/// <summary>
/// The services whose answer in this request came from the fallback cache (or is missing). The gateway
/// reports them in the <see cref="Header"/> response header, and the dashboard in its body.
/// </summary>
public sealed class DegradedParts
{
    public const string Header = "X-Shop-Degraded";
    private readonly HashSet<string> _parts = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Parts
    {
        get
        {
            lock (_parts)
            {
                return [.. _parts.Order(StringComparer.Ordinal)];
            }
        }
    }

    public void Add(string part)
    {
        lock (_parts)
        {
            _parts.Add(part);
        }
    }
}

public static class DegradedHeader
{
    /// <summary>Names the services answered from the fallback cache in <see cref="DegradedParts.Header"/>.</summary>
    public static IApplicationBuilder UseDegradedHeader(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var degraded = context.RequestServices.GetRequiredService<DegradedParts>();
        context.Response.OnStarting(() =>
        {
            if (degraded.Parts.Count > 0)
            {
                context.Response.Headers[DegradedParts.Header] = string.Join(',', degraded.Parts);
            }

            return Task.CompletedTask;
        });
        await next();
    });
}
