namespace Shop.Bench.Chaos;

/// <summary>When each fault began and ended, on the run's clock.</summary>
public sealed class FaultWindows
{
    public (TimeSpan From, TimeSpan To) SiloKills { get; set; }
    public int Kills { get; set; }
    /// <summary>From the cut to the cut-off silo's new incarnation being ready (null: the run left the partition out).</summary>
    public PartitionObservation? Partition { get; set; }
    /// <summary>From the burst to the killed silo being ready again (zero: the run left it out).</summary>
    public (TimeSpan From, TimeSpan To) BatchKill { get; set; }
    public (TimeSpan From, TimeSpan To) Outage { get; set; }
    public (TimeSpan From, TimeSpan To) GatewayRestart { get; set; }
}
