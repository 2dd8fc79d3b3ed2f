namespace Shop.AppHost;

/// <summary>Where local state lives: the same git-ignored folders ./run.sh uses.</summary>
public sealed record ShopPaths(string Root)
{
    public string Data => Path.Combine(Root, ".data");
    public string Mail => Path.Combine(Data, "mail");
    public string Keys => Path.Combine(Root, ".dev-certs");
}
