namespace Shop.Silo.Database;

/// <summary>What a database holds: the cluster's membership and reminders, a service's grain state, or both.</summary>
[Flags]
public enum DatabaseRole
{
    Cluster = 1,
    Storage = 2,
}
