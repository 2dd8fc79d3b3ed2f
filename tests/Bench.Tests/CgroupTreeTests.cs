using Shop.Bench.Chaos.Partition;

namespace Shop.Bench.Tests;

public sealed class CgroupTreeTests
{
    [Fact]
    public void The_unified_hierarchy_is_found_in_a_hybrid_mount_table()
    {
        string[] mountinfo =
        [
            "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
            "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu",
            "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw",
        ];
        Assert.Equal("/sys/fs/cgroup/unified", CgroupTree.UnifiedMount(mountinfo));
    }

    [Fact]
    public void The_unified_hierarchy_is_found_on_a_cgroup_v2_only_system_with_optional_fields()
    {
        string[] mountinfo = ["35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate"];
        Assert.Equal("/sys/fs/cgroup", CgroupTree.UnifiedMount(mountinfo));
    }

    [Fact]
    public void Without_cgroup2_there_is_no_unified_hierarchy()
    {
        Assert.Null(CgroupTree.UnifiedMount(["32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu"]));
    }

    [Fact]
    public void The_own_cgroup_is_the_v2_line_of_proc_self_cgroup()
    {
        Assert.Equal("/user.slice/session-1.scope", CgroupTree.OwnCgroup(["4:memory:/x", "0::/user.slice/session-1.scope"]));
        Assert.Null(CgroupTree.OwnCgroup(["4:memory:/x"]));
    }
}
