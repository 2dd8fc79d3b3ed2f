namespace Shop.Bench.Chaos;

/// <summary>When each fault began and ended, on the run's clock.</summary>
public sealed class FaultWindows
{
    public (TimeSpan From, TimeSpan To) SiloKills { get; set; }
    public int Kills { get; set; }
    public (TimeSpan From, TimeSpan To) Outage { get; set; }
    public (TimeSpan From, TimeSpan To) GatewayRestart { get; set; }
}
