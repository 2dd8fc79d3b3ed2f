using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Shop.Hosting;

namespace Shop.Gateway.Tests;

/// <summary>ES256 access tokens, their published keys (JWKS) and a key rotation through the real gateway.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SigningKeyRotationTests(GatewayFixture fixture)
{
    private static async Task<JsonElement[]> PublishedKeys(GatewayFactory gateway) =>
        [.. (await (await Api.Anonymous(gateway).GetAsync("/.well-known/jwks.json")).Json()).GetProperty("keys").EnumerateArray()];

    [Fact]
    public async Task The_jwks_publishes_the_public_signing_key_anonymously_and_cacheably()
    {
        var response = await Api.Anonymous(fixture.Gateway).GetAsync("/.well-known/jwks.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl is { Public: true, MaxAge: { } age } && age > TimeSpan.Zero, response.Headers.CacheControl?.ToString());
        var key = Assert.Single((await response.Json()).GetProperty("keys").EnumerateArray());
        Assert.Equal("EC", key.GetProperty("kty").GetString());
        Assert.Equal("P-256", key.GetProperty("crv").GetString());
        Assert.Equal("ES256", key.GetProperty("alg").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.Equal(fixture.SigningKey.KeyId, key.GetProperty("kid").GetString());
        var point = fixture.SigningKey.ECDsa.ExportParameters(false).Q;
        Assert.Equal(System.Buffers.Text.Base64Url.EncodeToString(point.X), key.GetProperty("x").GetString());
        Assert.Equal(System.Buffers.Text.Base64Url.EncodeToString(point.Y), key.GetProperty("y").GetString());
        // Never the private part.
        Assert.False(key.TryGetProperty("d", out _));
        Assert.Equal(["alg", "crv", "kid", "kty", "use", "x", "y"], Owasp.Shopping.Fields(key));
    }

    [Fact]
    public async Task After_a_rotation_new_tokens_use_the_new_key_and_the_old_keys_tokens_work_until_the_window_ends()
    {
        var ring = TokenForge.NewKeyRing();
        var oldKey = TokenForge.SigningKeyOf(ring);
        var settings = fixture.ClusterSettings();
        settings["Shop:Auth:SigningKeyRingFile"] = ring;
        settings["Shop:Auth:SigningKeyRingReloadInterval"] = "00:00:01";
        await using var gateway = new GatewayFactory(settings);
        var (beforeRotation, _, email) = await Api.NewUser(gateway);
        Assert.Equal(oldKey.KeyId, TokenForge.Read(beforeRotation.DefaultRequestHeaders.Authorization!.Parameter!).Kid);

        // The documented command's code: a new key signing at once, the old one accepted for 4 more seconds.
        var newKey = TokenSigningKeyRing.RotateFile(ring, DateTimeOffset.UtcNow, window: TimeSpan.FromSeconds(4), activateIn: TimeSpan.Zero);

        var both = await Eventually.Until(() => PublishedKeys(gateway), keys => keys.Length == 2, "the gateway to publish the new key");
        Assert.Equal(new[] { newKey.KeyId, oldKey.KeyId }.Order(), both.Select(k => k.GetProperty("kid").GetString()!).Order());
        var afterRotation = Api.Anonymous(gateway);
        await Api.SignIn(afterRotation, email, "password-1");
        Assert.Equal(newKey.KeyId, TokenForge.Read(afterRotation.DefaultRequestHeaders.Authorization!.Parameter!).Kid);
        Assert.Equal(HttpStatusCode.OK, (await afterRotation.GetAsync("/api/users/me")).StatusCode);
        // Within the window the old key's token still gets in.
        Assert.Equal(HttpStatusCode.OK, (await beforeRotation.GetAsync("/api/users/me")).StatusCode);

        // After it, no longer, and the old key is no longer published.
        await Eventually.Until(async () => (await beforeRotation.GetAsync("/api/users/me")).StatusCode,
            status => status == HttpStatusCode.Unauthorized, "the old key's token to be refused after the window");
        Assert.Equal(newKey.KeyId, Assert.Single(await PublishedKeys(gateway)).GetProperty("kid").GetString());
        Assert.Equal(HttpStatusCode.OK, (await afterRotation.GetAsync("/api/users/me")).StatusCode);
    }

    [Fact]
    public async Task A_key_published_ahead_of_its_activation_does_not_sign_yet()
    {
        var ring = TokenForge.NewKeyRing();
        var oldKey = TokenForge.SigningKeyOf(ring);
        var next = TokenSigningKeyRing.RotateFile(ring, DateTimeOffset.UtcNow, window: TimeSpan.FromHours(1), activateIn: TimeSpan.FromHours(1));
        var settings = fixture.ClusterSettings();
        settings["Shop:Auth:SigningKeyRingFile"] = ring;
        await using var gateway = new GatewayFactory(settings);

        var (client, _, _) = await Api.NewUser(gateway);

        Assert.Equal(oldKey.KeyId, TokenForge.Read(client.DefaultRequestHeaders.Authorization!.Parameter!).Kid);
        Assert.Equal(new[] { next.KeyId, oldKey.KeyId }.Order(), (await PublishedKeys(gateway)).Select(k => k.GetProperty("kid").GetString()!).Order());
    }

    [Fact]
    public void The_rotation_drops_keys_past_their_window_and_writes_the_ring_for_its_owner_only()
    {
        var ring = TokenForge.NewKeyRing();
        var start = DateTimeOffset.UtcNow;
        var first = TokenSigningKeyRing.Load(ring).Keys.Single();
        var second = TokenSigningKeyRing.RotateFile(ring, start, TimeSpan.FromMinutes(5), TimeSpan.Zero);
        var third = TokenSigningKeyRing.RotateFile(ring, start + TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(5), TimeSpan.Zero);

        var stored = TokenSigningKeyRing.Load(ring);
        Assert.Equal([second.KeyId, third.KeyId], stored.Keys.Select(k => k.KeyId));
        Assert.DoesNotContain(stored.Keys, k => k.KeyId == first.KeyId);
        Assert.Equal(third.KeyId, stored.Signer(start + TimeSpan.FromMinutes(6))!.KeyId);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ring));
        }
    }
}
