namespace Shop.TestSupport;

/// <summary>
/// The hoarding limits (Shop:Orders:MaxUnitsPerProductPerDay, MaxValuePerDay) set so high that they
/// never refuse (the check still runs): the tests of other behaviour and the bench order far more of
/// a product than a shopper may. The limits themselves are tested at their own values
/// (HoardingLimitTests, the API6 tests).
/// </summary>
public static class LiftedOrderLimits
{
    public static IEnumerable<KeyValuePair<string, string?>> Settings { get; } = new Dictionary<string, string?>
    {
        ["Shop:Orders:MaxUnitsPerProductPerDay"] = "1000000000",
        ["Shop:Orders:MaxValuePerDay"] = "1000000000000",
    };
}
