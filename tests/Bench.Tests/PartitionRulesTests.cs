using Shop.Bench.Chaos.Partition;

namespace Shop.Bench.Tests;

public sealed class PartitionRulesTests
{
    private static readonly PartitionRules Rules = new("SHOP-CHAOS-ab12cd34", "shop-chaos-ab12cd34/child1", [41002, 41003], [41010, 41020]);

    private static string Line(string[] args) => string.Join(' ', args);

    [Fact]
    public void The_cut_drops_both_directions_of_the_cut_silos_ports_and_its_own_connections_to_the_other_silos()
    {
        var lines = Rules.Apply().Select(Line).ToArray();
        Assert.Contains("-w -A SHOP-CHAOS-ab12cd34 -p tcp -m multiport --dports 41002,41003 -j DROP", lines);
        Assert.Contains("-w -A SHOP-CHAOS-ab12cd34 -p tcp -m multiport --sports 41002,41003 -j DROP", lines);
        Assert.Contains($"-w -A SHOP-CHAOS-ab12cd34 -p tcp -m cgroup --path shop-chaos-ab12cd34/child1 -m multiport --dports 41010,41020 -j CONNMARK --set-mark {PartitionRules.Mark}", lines);
        Assert.Contains($"-w -A SHOP-CHAOS-ab12cd34 -m connmark --mark {PartitionRules.Mark} -j DROP", lines);
    }

    [Fact]
    public void The_chain_is_created_first_and_hooked_into_loopback_output_last()
    {
        var lines = Rules.Apply().Select(Line).ToArray();
        Assert.Equal("-w -N SHOP-CHAOS-ab12cd34", lines[0]);
        Assert.Equal("-w -I OUTPUT 1 -o lo -j SHOP-CHAOS-ab12cd34", lines[^1]);
        Assert.Single(lines, l => l.Contains("OUTPUT"));
    }

    [Fact]
    public void Removing_unhooks_first_then_flushes_and_deletes_the_chain()
    {
        Assert.Equal(
            ["-w -D OUTPUT -o lo -j SHOP-CHAOS-ab12cd34", "-w -F SHOP-CHAOS-ab12cd34", "-w -X SHOP-CHAOS-ab12cd34"],
            Rules.Remove().Select(Line));
    }

    [Fact]
    public void No_rule_touches_a_port_it_was_not_given()
    {
        // PostgreSQL's and the silos' HTTP ports must stay reachable: only the named ports appear.
        var ports = Rules.Apply()
            .SelectMany(a => a.Zip(a.Skip(1)).Where(pair => pair.First is "--dports" or "--sports" or "--dport" or "--sport").Select(pair => pair.Second))
            .SelectMany(list => list.Split(',')).Select(int.Parse).ToArray();
        Assert.Equal(6, ports.Length); // the cut ports twice (to and from), the other silos once
        Assert.All(ports, p => Assert.Contains(p, new[] { 41002, 41003, 41010, 41020 }));
    }

    [Fact]
    public void A_partition_without_another_silo_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new PartitionRules("C", "g", [1], []).Apply());
    }
}
