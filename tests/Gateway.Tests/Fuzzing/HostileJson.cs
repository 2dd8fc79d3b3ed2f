using System.Text.Encodings.Web;
using System.Text.Json;
using CsCheck;

namespace Shop.Gateway.Tests.Fuzzing;

/// <summary>
/// JSON values (as raw JSON text) that a careless back end trips over. "Poison" values are certain to
/// make the field they are put in invalid; "noise" values may or may not be valid there, so a request
/// only carries them next to a poison.
/// </summary>
public static class HostileJson
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A JSON string with everything outside ASCII escaped.</summary>
    public static string Escaped(string text) => JsonSerializer.Serialize(text);

    /// <summary>A JSON string with non-ASCII characters written as raw UTF-8.</summary>
    public static string Raw(string text) => JsonSerializer.Serialize(text, Relaxed);

    /// <summary>Strings that are legal JSON but hostile to whatever stores or shows them (all under 100 characters).</summary>
    public static readonly Gen<string> Text = Gen.OneOf(
        "'; DROP TABLE users; --", "' OR '1'='1' --", "1; SELECT pg_sleep(10)", "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "\u202Egnp.exe", "\u202Dx\u202C\u200F", "\0", "a\0b",
        "\u0001\u0007\u001b[31mred", "\r\nX-Injected: 1\r\n", "${jndi:ldap://127.0.0.1/a}", "{{7*7}}", "#{7*7}",
        "../../../../etc/passwd", "..\\..\\windows\\win.ini", "%00%0a", "%s%s%s%n", "\\", "\"", "\\u0000",
        "\U0001F642\u200D\U0001F469\u200D\U0001F467", "Z\u0337\u0322\u031Ba\u0336l\u0337g\u0338o", "\uFEFF", "\u2028\u2029",
        "\uFDFA", "\u0130\u0131\u017F", "null", "true", "-0", "1e400", "NaN", "[]", "{}", "$where", "__proto__",
        "\u200B", "\u3000x\u3000", "\uFFFD\uFFFE");

    /// <summary>Hostile text as any legal JSON string: escaped, raw UTF-8, or (rarely) very long.</summary>
    public static readonly Gen<string> TextValue = Gen.Frequency(
        (4, Text.Select(Escaped)),
        (4, Text.Select(Raw)),
        (1, Gen.Int[101, 5000].Select(n => Escaped(new string('x', n)))));

    /// <summary>JSON strings holding lone UTF-16 surrogates: whether a field accepts them is the reader's business.</summary>
    public static readonly Gen<string> LoneSurrogate = Gen.OneOf("\"\\uD800\"", "\"a\\uDFFFb\"", "\"\\uDBFF\\u0041\"", "\"\\uDC00\\uD800\"");

    /// <summary>Raw bytes that are not UTF-8 inside a string: no reader may turn them into a string.</summary>
    public static readonly Gen<string> InvalidUtf8String = Gen.OneOf(
        $"\"{WireText.RawByte(0xFF)}\"",
        $"\"ab{WireText.RawByte(0xC3)}(\"",
        $"\"{WireText.RawByte(0xC0)}{WireText.RawByte(0xAF)}\"",
        $"\"{WireText.RawByte(0xED)}{WireText.RawByte(0xA0)}{WireText.RawByte(0x80)}\"",
        $"\"x{WireText.RawByte(0xF8)}{WireText.RawByte(0x88)}{WireText.RawByte(0x80)}{WireText.RawByte(0x80)}{WireText.RawByte(0x80)}\"");

    /// <summary>Strings that are not legal JSON: raw control characters, no closing quote, a bad escape.</summary>
    public static readonly Gen<string> IllegalString = Gen.OneOf("\"a\u0001b\"", "\"tab\there\"", "\"new\nline\"", "\"\0\"", "\"open", "\"bad \\x41 escape\"", "'single'");

    /// <summary>Values of every JSON type but string (null aside).</summary>
    public static readonly Gen<string> NotAString = Gen.OneOf("0", "-1.5e300", "1e400", "true", "false", "[]", "[\"x\"]", "{}", "{\"$ref\":\"#\"}", "[[[[[[]]]]]]");

    /// <summary>A value of a string field that no reader turns into a string.</summary>
    public static readonly Gen<(string Json, string Why)> UnreadableString = Gen.Frequency(
        (3, NotAString.Select(v => (v, "not a string"))),
        (2, InvalidUtf8String.Select(v => (v, "invalid UTF-8 in a string"))),
        (2, IllegalString.Select(v => (v, "illegal JSON string"))));

    /// <summary>Numbers no reader turns into an int (illegal JSON, fractions, exponents, overflow, non-numbers).</summary>
    public static readonly Gen<string> NotAnInt = Gen.OneOf(
        "1.5", "1.0", "-0.0", "1e2", "1E+2", "1e400", "-1e400", "2147483648", "-2147483649", "99999999999999999999999",
        "\"abc\"", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"\"", "\"1.5\"", "\"0x10\"", "\"1_000\"", "\"\u0661\"",
        "NaN", "Infinity", "-Infinity", "0x10", "+1", "01", ".5", "1.", "--1", "1e", "true", "false", "[]", "[1]", "{}",
        "{\"value\":1}", "\"1\\u0000\"");

    /// <summary>Numbers no reader turns into a decimal.</summary>
    public static readonly Gen<string> NotADecimal = Gen.OneOf(
        "1e400", "-1e400", "79228162514264337593543950336", "\"abc\"", "\"NaN\"", "\"Infinity\"", "\"\"", "\"1,5\"",
        "NaN", "Infinity", "+1", "01.5", ".5", "1.", "0x10", "true", "[]", "[1.5]", "{}");

    /// <summary>Nested arrays and objects deeper than any reader allows (64): a stack-depth bomb.</summary>
    public static readonly Gen<string> DepthBomb = Gen.Int[65, 20_000].SelectMany(depth => Gen.OneOf(
        new string('[', depth) + new string(']', depth),
        string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth),
        new string('[', depth)));

    /// <summary>Any value at all, legal or not, for members the request does not have.</summary>
    public static readonly Gen<string> AnyValue = Gen.Frequency(
        (4, TextValue),
        (2, NotAString),
        (1, LoneSurrogate),
        (1, Gen.OneOf("null", "-0", "1e2", "\"admin\"", "[\"admin\"]", "{\"role\":\"admin\"}")));
}
