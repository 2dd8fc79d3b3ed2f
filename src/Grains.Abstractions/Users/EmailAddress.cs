namespace Shop.Users;

/// <summary>The one normalization of e-mail addresses, so gateway and grains key the directory the same way.</summary>
public static class EmailAddress
{
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
