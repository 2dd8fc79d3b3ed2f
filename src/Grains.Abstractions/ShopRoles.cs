namespace Shop;

/// <summary>Role names carried in user tokens.</summary>
public static class ShopRoles
{
    public const string Admin = "admin";
}
