using System.Globalization;
using System.Text;

namespace DataSpace.Crypto.Json;

/// <summary>
/// RFC 8785 section 3.2.3 order (UTF-16 code units) for property names given as the raw, canonically
/// escaped UTF-8 between the quotes, without decoding them to strings.
/// </summary>
internal static class CanonicalKeyOrder
{
    public static int Compare(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        while (!left.IsEmpty && !right.IsEmpty)
        {
            var a = NextCodePoint(ref left);
            var b = NextCodePoint(ref right);
            if (a != b)
            {
                // A supplementary code point sorts by its high surrogate (U+D800..U+DBFF), so below U+E000..U+FFFF;
                // two with the same high surrogate sort by the low one, which follows the code point order.
                var unitA = FirstUtf16Unit(a);
                var unitB = FirstUtf16Unit(b);
                return unitA != unitB ? unitA.CompareTo(unitB) : a.CompareTo(b);
            }
        }

        return left.Length.CompareTo(right.Length);
    }

    private static int FirstUtf16Unit(int codePoint) =>
        codePoint < 0x10000 ? codePoint : 0xD800 + ((codePoint - 0x10000) >> 10);

    // Input is valid UTF-8 using only the escapes RFC 8785 section 3.2.2.2 writes.
    private static int NextCodePoint(ref ReadOnlySpan<byte> text)
    {
        if (text[0] != (byte)'\\')
        {
            Rune.DecodeFromUtf8(text, out var rune, out var consumed);
            text = text[consumed..];
            return rune.Value;
        }

        var escape = text[1];
        if (escape == (byte)'u')
        {
            var value = int.Parse(text.Slice(2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            text = text[6..];
            return value;
        }

        text = text[2..];
        return escape switch
        {
            (byte)'b' => '\b',
            (byte)'f' => '\f',
            (byte)'n' => '\n',
            (byte)'r' => '\r',
            (byte)'t' => '\t',
            _ => escape,
        };
    }
}
