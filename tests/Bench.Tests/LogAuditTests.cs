using Shop.Bench.Chaos;

namespace Shop.Bench.Tests;

public sealed class LogAuditTests
{
    [Fact]
    public void Version_conflicts_are_counted_in_the_words_of_Orleans_and_of_the_storage_wrapper()
    {
        string[] lines =
        [
            "12:00:01.000 warn: Shop.Silo.Hosting.FailureAwareGrainStorage[0] writing the order state of order/1 in storage Orders failed: version conflict (the stored ETag is not this activation's; another activation wrote it)",
            "Orleans.Storage.InconsistentStateException: Version conflict (WriteState)",
            "12:00:02.000 warn: Shop.Silo.Hosting.FailureAwareGrainStorage[0] writing the order state failed: the database is unavailable",
        ];
        Assert.Equal(2, LogAudit.CountConflicts(lines));
    }

    [Fact]
    public void Orders_swept_again_are_summed_over_every_log()
    {
        var folder = Directory.CreateTempSubdirectory("shop-log-audit-").FullName;
        try
        {
            var first = Path.Combine(folder, "silo0-1.log");
            var second = Path.Combine(folder, "silo1-2.log");
            File.WriteAllLines(first,
            [
                "dbug: Shop.Grains.Orders.UserOrdersGrain[0]",
                $"      Sweeping 3 settled orders of user {Guid.NewGuid()} again: the active silos changed around their sweep",
                "      Order 0853731f-b7af-85ec-a092-be51c9e8e335 still Pending since 12/07/2026 14:48:39 +00:00: re-publishing OrderCreated",
            ]);
            File.WriteAllLines(second, [$"      Sweeping 12 settled orders of user {Guid.NewGuid()} again: the active silos changed around their sweep"]);

            Assert.Equal(15, LogAudit.Resweeps([first, second]));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
