using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Shop.Grains.Security;
using Shop.Security;

namespace Shop.Grains.Tests;

public sealed class ServiceTokenValidatorTests
{
    private static readonly ServiceTokenValidator Validator = new([("gateway", TestKeys.PublicKeyPem)]);

    [Fact]
    public async Task A_valid_token_names_the_service_the_user_and_the_roles_every_time_it_is_presented()
    {
        var key = ServiceTokens.GatewayKey;
        var user = Guid.NewGuid();
        var token = ServiceTokens.Create(key, user, DateTime.UtcNow.AddMinutes(5), roles: ShopRoles.Admin);

        var first = await Validator.Validate(token);
        var again = await Validator.Validate(token);

        Assert.Equal("service:gateway", first.Caller!.Subject);
        Assert.Equal(user, first.Caller.UserId);
        Assert.True(first.Caller.IsAdmin);
        Assert.Same(first.Caller, again.Caller);
    }

    [Fact]
    public async Task Expired_tampered_and_foreign_tokens_are_refused_however_often_they_are_presented()
    {
        var key = ServiceTokens.GatewayKey;
        using var foreign = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var valid = ServiceTokens.Create(key, Guid.NewGuid());
        var parts = valid.Split('.');
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode("{\"iss\":\"gateway\",\"role\":\"admin\"}")}.{parts[2]}";

        foreach (var token in new[] { ServiceTokens.Create(key, expires: DateTime.UtcNow.AddMinutes(-2)), ServiceTokens.Create(foreign), tampered, "" })
        {
            for (var i = 0; i < 2; i++)
            {
                var (caller, failure) = await Validator.Validate(token);
                Assert.Null(caller);
                Assert.NotNull(failure);
            }
        }
    }
}
