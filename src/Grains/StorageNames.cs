namespace Shop.Grains;

/// <summary>
/// One named grain storage per service ("each service has its own database"): the silo maps each
/// name to a provider and, in durable modes, to its own connection string.
/// </summary>
public static class StorageNames
{
    public const string Users = "users";
    public const string Inventory = "inventory";
    public const string Orders = "orders";
    public const string Notifications = "notifications";
    public const string Analytics = "analytics";

    public static readonly IReadOnlyList<string> All = [Users, Inventory, Orders, Notifications, Analytics];
}
