namespace Shop.Orders;

/// <summary>
/// The ids of one user's orders, newest first, and the durable record of which of them still need
/// reconciliation. Keyed by user id.
/// </summary>
[Alias("Shop.Orders.IUserOrdersGrain")]
public interface IUserOrdersGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Admits a new order of this user, indexes it and records it as open (to be reconciled until it
    /// settles); answered once that is stored. Refused (and not placed) when the user already has
    /// <see cref="OrderRules.MaxPendingOrdersPerUser"/> orders waiting for the saga, or when its lines
    /// would take the user's Pending and Confirmed orders of the last 24 hours past the hoarding
    /// limits (units per product, value). The check and the entry are made in one turn, so
    /// concurrent placements of one user cannot both pass. Idempotent: adding an order twice keeps
    /// one entry, counts it once and admits it again.
    /// </summary>
    [Alias("Admit")]
    Task<OrderAdmissionResult> Admit(Guid orderId, DateTimeOffset createdAt, IReadOnlyList<OrderLine> lines);

    /// <summary>
    /// Admits a new order as <see cref="Admit(Guid, DateTimeOffset, IReadOnlyList{OrderLine})"/> does,
    /// and stores the order itself with it (<see cref="PlacedOrder"/>): the durable record of the
    /// Pending order and of the event it owes, kept until the order has written a settled state. A
    /// retry of an admitted order answers the record stored first (<see cref="OrderAdmissionResult.Earlier"/>).
    /// </summary>
    [Alias("AdmitPlaced")]
    Task<OrderAdmissionResult> Admit(PlacedOrder order);

    /// <summary>
    /// The stored record of a Pending order of this user whose order has not written a settled state
    /// yet; null otherwise. Only for this user, an admin or the cluster.
    /// </summary>
    [Alias("FindPlaced")]
    Task<PlacedOrder?> FindPlaced(Guid orderId);

    /// <summary>
    /// The admission of the version before the hoarding limits, still called by its silos during a
    /// rolling upgrade: admits without lines (the entry counts nothing against the limits). True when
    /// admitted. Remove once no silo of that version runs.
    /// </summary>
    [Alias("Add")]
    Task<bool> Add(Guid orderId, DateTimeOffset createdAt);

    /// <summary>
    /// The order left Pending (or changed again): it no longer counts against the user's pending cap,
    /// and a Rejected or Cancelled one no longer counts against the hoarding limits. Nobody awaits it.
    /// </summary>
    [Alias("SettledAs")]
    [Orleans.Concurrency.OneWay]
    Task Settled(Guid orderId, OrderStatus status);

    /// <summary>The notice of the version before the hoarding limits (rolling upgrade): frees the pending slot only.</summary>
    [Alias("Settled")]
    [Orleans.Concurrency.OneWay]
    Task Settled(Guid orderId);

    /// <summary>The order changes again (a cancellation): it is open for reconciliation until that settles. Answered once stored.</summary>
    [Alias("Reopen")]
    Task Reopen(Guid orderId);

    /// <summary>
    /// Reconciles every open order of the user and forgets those that need no more. True when none
    /// is left open (the partition's reconciliation may then forget the user).
    /// </summary>
    [Alias("Reconcile")]
    Task<bool> Reconcile();

    [Alias("GetRecent")]
    Task<IReadOnlyList<Guid>> GetRecent(int limit);

    /// <summary>
    /// The user's own figures over the orders this index keeps (the latest
    /// <see cref="OrderRules.ListedOrders"/>): one call for the caller, the order reads happen in the
    /// cluster. Only the user (or an admin) gets figures; anyone else gets zeros.
    /// </summary>
    [Alias("GetStatistics")]
    Task<UserOrderStatistics> GetStatistics();
}
