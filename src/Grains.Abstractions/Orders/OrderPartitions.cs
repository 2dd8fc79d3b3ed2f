namespace Shop.Orders;

/// <summary>
/// Which partition an order (by order id) or a user (by user id) belongs to. The hash is stable
/// across processes and versions (not <see cref="Guid.GetHashCode"/>), because publishers and
/// reconciliation on different silos must agree, and it mixes every byte of the id: version 7 ids
/// start with a timestamp, so their leading bytes alone would put a burst of orders on one partition.
/// </summary>
public static class OrderPartitions
{
    public static int Of(Guid id, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        return (int)(StableHash.Fnv1a<byte>(bytes) % (ulong)partitions);
    }
}
