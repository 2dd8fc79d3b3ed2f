namespace Shop.Bench.Hosting;

/// <summary>
/// How many silos the system runs and what it runs with beyond the defaults.
/// </summary>
/// <param name="Silos">Silo processes (more than one needs durable mode).</param>
/// <param name="Settings">Extra configuration for every silo and the gateway (for example faster failure detection).</param>
/// <param name="GenerousRateLimits">
/// Rate-limit buckets too large to refuse: the bench's load comes from one address and a few hundred
/// users, so the production limits would measure the limiter instead of the shop.
/// </param>
/// <param name="Database">
/// How PostgreSQL makes commits durable. Production by default (fsync and synchronous_commit on), so
/// durable figures and the pgbench baseline of the same run are those of a production server; with
/// synchronous_commit off the chaos run's killed server lost acknowledged writes (seen: an order the
/// API showed, with no row, and a lost reservation).
/// </param>
public sealed record SystemShape(int Silos = 1, IReadOnlyDictionary<string, string>? Settings = null, bool GenerousRateLimits = true,
    Shop.TestSupport.PostgresDurability Database = Shop.TestSupport.PostgresDurability.Production)
{
    public IReadOnlyDictionary<string, string> Settings { get; init; } = Settings ?? new Dictionary<string, string>();

    /// <summary>
    /// The cgroup v2 directory silo <c>i</c> runs in (every incarnation of it), or null: the chaos run's
    /// partition tells a silo's connections apart by its cgroup.
    /// </summary>
    public Func<int, string>? SiloCgroup { get; init; }
}
