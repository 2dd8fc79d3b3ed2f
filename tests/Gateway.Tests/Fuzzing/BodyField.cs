using CsCheck;

namespace Shop.Gateway.Tests.Fuzzing;

/// <summary>
/// A member of a request body, as the generators see it: values that are valid there, hostile values
/// that may or may not be (noise), and values certain to be refused (poison, with the reason).
/// </summary>
public sealed record BodyField(string Name, Gen<string> Valid, Gen<string> Noise, Gen<(string Json, string Why)> Poison, bool Required)
{
    /// <summary>A required string field: null, empty, blank, too long or unreadable is refused.</summary>
    public static BodyField RequiredText(string name, Gen<string> valid, int maxLength, Gen<(string, string)>? morePoison = null) => new(
        name, valid, Gen.Frequency((4, HostileJson.TextValue), (1, HostileJson.LoneSurrogate)),
        Gen.Frequency(
        [
            (3, HostileJson.UnreadableString),
            (1, Gen.OneOf("null", "\"\"", "\"   \"", "\"\\t\\n\\r\"", "\"\\u3000\"").Select(v => (v, "null or blank"))),
            (1, Gen.Int[maxLength + 1, maxLength + 3000].Select(n => (HostileJson.Escaped(" " + new string('a', n)), $"longer than {maxLength}"))),
            .. morePoison is null ? [] : new[] { (2, morePoison) },
        ]),
        Required: true);

    /// <summary>A required int field: anything but an int in [min, max] is refused.</summary>
    public static BodyField RequiredInt(string name, int min, int max) => new(
        name,
        Gen.Int[min, Math.Min(max, min + 5)].Select(v => v.ToString()),
        Gen.OneOf($"\"{min}\"", $"{min}", $" {min} "),
        Gen.Frequency(
            (3, HostileJson.NotAnInt.Select(v => (v, "not an int"))),
            (2, Gen.OneOf((long)min - 1, (long)max + 1, -1L, 0L, int.MinValue, (long)int.MaxValue)
                .Where(v => v < min || v > max).Select(v => (v.ToString(), $"outside {min}..{max}"))),
            (1, Gen.OneOf("null", min <= 0 ? "null" : "-0").Select(v => (v, "null or zero")))),
        Required: true);
}
