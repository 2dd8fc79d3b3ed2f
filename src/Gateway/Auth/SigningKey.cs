using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Shop.Gateway.Auth;

/// <summary>The key that signs and verifies the gateway's user tokens.</summary>
public sealed class SigningKey(SymmetricSecurityKey key)
{
    public const int MinimumBytes = 32;

    public SymmetricSecurityKey Key { get; } = key;

    /// <summary>
    /// Reads the configured key. Without one, Development gets a random key (tokens then die with the
    /// process) and every other environment refuses to start: no secret ships in the repository.
    /// </summary>
    public static SigningKey Resolve(AccessTokenOptions settings, IHostEnvironment environment, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(settings.SigningKey))
        {
            if (!environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    $"{AccessTokenOptions.Section}:SigningKey is required outside Development (base64, at least {MinimumBytes} bytes).");
            }

            logger.LogWarning("Development: no {Section}:SigningKey configured; using a random key for this process only.", AccessTokenOptions.Section);
            return new SigningKey(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(MinimumBytes)));
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(settings.SigningKey);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{AccessTokenOptions.Section}:SigningKey is not valid base64.");
        }

        return bytes.Length >= MinimumBytes
            ? new SigningKey(new SymmetricSecurityKey(bytes))
            : throw new InvalidOperationException($"{AccessTokenOptions.Section}:SigningKey must be at least {MinimumBytes} bytes.");
    }
}
