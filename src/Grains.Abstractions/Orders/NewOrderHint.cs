namespace Shop.Orders;

/// <summary>
/// Tells the silo that the order a placement is about to activate has never been stored, so its
/// activation need not read its state: the gateway sets it on the first attempt to place an order
/// under an id it has just made (<see cref="OrderIds.New"/>), and on no retry and no Idempotency-Key
/// id. It saves the one read per new order (a database transaction in durable mode) and risks
/// nothing: if the order were stored after all, its first write, which expects no stored record,
/// fails on the version check and the activation is discarded, so nothing is ever overwritten.
/// </summary>
/// <remarks>
/// The hint rides in the RequestContext, which Orleans imports for the activation the call starts
/// (where the silo's storage reads it) and passes on to every call and stream event made while the
/// call runs, so the order removes it first (<see cref="Clear"/>); it names the order's grain, and
/// another grain that activates under it reads its state as usual.
/// </remarks>
public static class NewOrderHint
{
    public const string RequestContextKey = "shop-new-order";

    /// <summary>Sets the hint for the call made in <paramref name="call"/>, and only that call.</summary>
    public static Task<T> Around<T>(GrainId order, Func<Task<T>> call)
    {
        RequestContext.Set(RequestContextKey, order.ToString());
        try
        {
            // The call takes the RequestContext as it is when it is sent, before this returns.
            return call();
        }
        finally
        {
            RequestContext.Remove(RequestContextKey);
        }
    }

    /// <summary>True when the current call says that <paramref name="grain"/> has never been stored.</summary>
    public static bool Names(GrainId grain) => RequestContext.Get(RequestContextKey) is string named && named == grain.ToString();

    public static void Clear() => RequestContext.Remove(RequestContextKey);
}
