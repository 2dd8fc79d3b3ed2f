using Microsoft.AspNetCore.Identity;

namespace Shop.Grains.Users;

/// <summary>
/// Wraps ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2, salted, versioned format),
/// so grains never invent their own password storage.
/// </summary>
public sealed class PasswordHashing(IPasswordHasher<UserState> hasher)
{
    // Verified against when the e-mail is unknown, so a login for an unknown address costs the
    // same as one for a known address and response times do not reveal which addresses exist.
    private readonly Lazy<string> _decoyHash = new(() => hasher.HashPassword(new UserState(), Guid.NewGuid().ToString()));

    public string Hash(string password) => hasher.HashPassword(new UserState(), password);

    public bool Verify(string hash, string password) =>
        hasher.VerifyHashedPassword(new UserState(), hash, password) != PasswordVerificationResult.Failed;

    public void BurnDecoyVerification(string password) => Verify(_decoyHash.Value, password);
}
