using System.Data.Common;
using Shop.Inventory;

namespace Shop.Grains.Tests;

/// <summary>
/// A database error inside a grain call reaches the caller as a <see cref="StorageUnavailableException"/>
/// without the driver's details: the driver's own exception cannot be serialized by Orleans.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StorageFailureTests(ClusterFixture fixture)
{
    /// <summary>Like NpgsqlException: a DbException Orleans has no codec for.</summary>
    private sealed class UnserializableDatabaseException(string message) : DbException(message);

    [Fact]
    public async Task A_database_failure_reaches_the_caller_as_storage_unavailable_without_its_details()
    {
        var sku = await TestData.NewProduct(fixture.Client, stock: 1);
        // As Orleans' storage bridge reports it: its own exception around the driver's.
        using var outage = FaultInjection.Throw("IProductGrain", "GetDetails",
            () => new OrleansException("Error from storage provider during ReadStateAsync", new UnserializableDatabaseException("connection to 10.0.0.5:5432 refused")),
            targetKey: sku);

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => fixture.Client.GetGrain<IProductGrain>(sku).GetDetails());

        Assert.Contains("IProductGrain.GetDetails", error.Message);
        Assert.DoesNotContain("10.0.0.5", error.Message);
    }

    [Fact]
    public async Task Other_failures_pass_through_unchanged()
    {
        var sku = await TestData.NewProduct(fixture.Client, stock: 1);
        using var fault = FaultInjection.Fail("IProductGrain", "GetDetails", targetKey: sku, times: 1);

        await Assert.ThrowsAsync<InjectedFaultException>(() => fixture.Client.GetGrain<IProductGrain>(sku).GetDetails());
    }
}
