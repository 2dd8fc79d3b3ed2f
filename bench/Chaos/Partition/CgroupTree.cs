namespace Shop.Bench.Chaos.Partition;

/// <summary>
/// A cgroup v2 group of the run's own (<c>shop-chaos-RUN</c> under the unified hierarchy) with one
/// child per silo, so that iptables' cgroup match can tell a silo's connections from the others'
/// (they all come from 127.0.0.1 and ephemeral ports). The run creates it and removes it: any process
/// still inside goes back to the run's own cgroup first, as a non-empty cgroup cannot be removed.
/// </summary>
public sealed class CgroupTree : IDisposable
{
    private readonly string _mount;
    private readonly string _returnTo;
    private readonly int _children;

    private CgroupTree(string mount, string name, string returnTo, int children)
    {
        _mount = mount;
        Name = name;
        _returnTo = returnTo;
        _children = children;
    }

    /// <summary>The group's path relative to the unified hierarchy's root, as iptables' <c>--path</c> takes it.</summary>
    public string Name { get; }

    /// <summary>Creates the group and its <paramref name="children"/> (child0, child1, ...); fails naming what is missing.</summary>
    public static CgroupTree Create(string runId, int children)
    {
        var mount = UnifiedMount(File.ReadLines("/proc/self/mountinfo"))
            ?? throw new InvalidOperationException("The partition fault needs the cgroup v2 (unified) hierarchy mounted; /proc/self/mountinfo lists no cgroup2 file system.");
        var own = OwnCgroup(File.ReadLines("/proc/self/cgroup")) ?? "/";
        var tree = new CgroupTree(mount, $"shop-chaos-{runId}", Path.Combine(mount, own.TrimStart('/')), children);
        try
        {
            Directory.CreateDirectory(Path.Combine(mount, tree.Name));
            for (var i = 0; i < children; i++)
            {
                Directory.CreateDirectory(tree.ChildDirectory(i));
            }
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            tree.Dispose();
            throw new InvalidOperationException($"The partition fault could not create a cgroup under {mount} ({ex.Message}); it needs root.", ex);
        }

        return tree;
    }

    /// <summary>The directory of child <paramref name="index"/> (a process joins it by writing its pid into cgroup.procs).</summary>
    public string ChildDirectory(int index) => Path.Combine(_mount, ChildPath(index));

    /// <summary>Child <paramref name="index"/>'s path relative to the hierarchy's root.</summary>
    public string ChildPath(int index) => $"{Name}/child{index}";

    /// <summary>Where cgroup v2 is mounted, from /proc/self/mountinfo lines (the field after " - " is the file system type).</summary>
    public static string? UnifiedMount(IEnumerable<string> mountinfo)
    {
        foreach (var line in mountinfo)
        {
            var separator = line.IndexOf(" - ", StringComparison.Ordinal);
            if (separator < 0)
            {
                continue;
            }

            var fields = line[..separator].Split(' ');
            if (line[(separator + 3)..].Split(' ')[0] == "cgroup2" && fields.Length > 4)
            {
                return fields[4];
            }
        }

        return null;
    }

    /// <summary>This process's cgroup v2 path, from /proc/self/cgroup (the "0::PATH" line).</summary>
    public static string? OwnCgroup(IEnumerable<string> lines) =>
        lines.FirstOrDefault(l => l.StartsWith("0::", StringComparison.Ordinal))?[3..];

    public void Dispose()
    {
        var root = Path.Combine(_mount, Name);
        for (var i = 0; i < _children; i++)
        {
            var child = ChildDirectory(i);
            if (!Directory.Exists(child))
            {
                continue;
            }

            foreach (var pid in File.ReadAllLines(Path.Combine(child, "cgroup.procs")).Where(l => l.Length > 0))
            {
                try
                {
                    File.WriteAllText(Path.Combine(_returnTo, "cgroup.procs"), pid);
                }
                catch (IOException)
                {
                    // The process ended meanwhile.
                }
            }

            Directory.Delete(child);
        }

        if (Directory.Exists(root))
        {
            Directory.Delete(root);
        }
    }
}
