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
}
