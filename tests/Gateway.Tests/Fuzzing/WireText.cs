using System.Text;

namespace Shop.Gateway.Tests.Fuzzing;

/// <summary>
/// Generated bodies are built as strings; to let them carry bytes that are not UTF-8 at all, the lone
/// low surrogates U+DC80..U+DCFF stand for the raw bytes 0x80..0xFF (Python's "surrogateescape").
/// Nothing else in a generated string is a lone surrogate: JSON's "\uD800" escapes are plain ASCII.
/// </summary>
public static class WireText
{
    public static string RawByte(byte value) => value >= 0x80
        ? ((char)(0xDC00 + value)).ToString()
        : throw new ArgumentOutOfRangeException(nameof(value), "Bytes below 0x80 are ASCII; write them as text.");

    public static byte[] ToBytes(string text)
    {
        var bytes = new List<byte>(text.Length + 16);
        var chunk = new StringBuilder();
        foreach (var c in text)
        {
            if (c is >= '\uDC80' and <= '\uDCFF')
            {
                Flush();
                bytes.Add((byte)(c - 0xDC00));
            }
            else
            {
                chunk.Append(c);
            }
        }

        Flush();
        return [.. bytes];

        void Flush()
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(chunk.ToString()));
            chunk.Clear();
        }
    }
}
