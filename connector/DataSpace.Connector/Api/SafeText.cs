using System.Globalization;
using System.Text;

namespace DataSpace.Connector.Api;

/// <summary>
/// Shows bytes a job chose as text that cannot drive a terminal or a page (docs/sandbox-custom-output.md, "Review"):
/// every control character, escape sequence, invisible or bidirectional character and invalid UTF-8 byte is written
/// as a visible escape, so what a reviewer reads is all there is. Used by the connector's review endpoint and by
/// <c>dsc job review</c>.
/// </summary>
public static class SafeText
{
    /// <summary>
    /// The bytes as UTF-8 text with everything that could hide, move or restyle text escaped: a backslash as <c>\\</c>;
    /// C0 controls and DEL as <c>\x1b</c> (a carriage return not followed by a line feed as <c>\r</c>; line feed, tab and
    /// a carriage return before a line feed stay as they are); C1 controls, format characters (bidirectional overrides
    /// and isolates, zero-width characters, tag characters), variation selectors, fillers, separators other than the
    /// ASCII space, private-use and unassigned code points as <c>\u202e</c> (or <c>\U000e0041</c> above U+FFFF); every
    /// byte of invalid UTF-8 as <c>\xff</c>. With the counts of what was escaped.
    /// </summary>
    public static SafeTextPreview Preview(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length + 16);
        int controls = 0, escapes = 0, invisible = 0, invalid = 0;
        Span<char> utf16 = stackalloc char[2];
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                // RFC 3629 section 3: a byte sequence that is not UTF-8 is shown byte by byte, never decoded.
                foreach (var b in bytes[..consumed])
                {
                    text.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
                }

                invalid += consumed;
                bytes = bytes[consumed..];
                continue;
            }

            bytes = bytes[consumed..];
            var value = rune.Value;
            switch (value)
            {
                case '\n' or '\t':
                    text.Append((char)value);
                    break;
                case '\r' when !bytes.IsEmpty && bytes[0] == (byte)'\n':
                    text.Append('\r');
                    break;
                case '\r':
                    text.Append("\\r");
                    controls++;
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case < 0x20 or 0x7f:
                    text.Append(CultureInfo.InvariantCulture, $"\\x{value:x2}");
                    controls++;
                    escapes += value == 0x1b ? 1 : 0;
                    break;
                case >= 0x80 and <= 0x9f:
                    text.Append(CultureInfo.InvariantCulture, $"\\u{value:x4}");
                    controls++;
                    escapes += IsC1Introducer(value) ? 1 : 0;
                    break;
                case > 0xffff when IsInvisible(rune):
                    text.Append(CultureInfo.InvariantCulture, $"\\U{value:x8}");
                    invisible++;
                    break;
                case var _ when IsInvisible(rune):
                    text.Append(CultureInfo.InvariantCulture, $"\\u{value:x4}");
                    invisible++;
                    break;
                default:
                    text.Append(utf16[..rune.EncodeToUtf16(utf16)]);
                    break;
            }
        }

        return new SafeTextPreview(text.ToString(), controls, escapes, invisible, invalid);
    }

    /// <summary>The bytes as escaped text (<see cref="Preview"/>).</summary>
    public static string Escape(ReadOnlySpan<byte> bytes) => Preview(bytes).Text;

    /// <summary>The text, UTF-8 encoded, escaped (<see cref="Preview"/>): for names and messages shown beside a preview.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Preview(Encoding.UTF8.GetBytes(text)).Text;
    }

    /// <summary>
    /// Shannon entropy of the bytes' distribution, in bits per byte (0 to 8; 0 for no bytes): plain text is about 4 to 5,
    /// compressed, encrypted or random data close to 8.
    /// </summary>
    public static double Entropy(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return 0;
        }

        Span<long> counts = stackalloc long[256];
        counts.Clear();
        foreach (var b in bytes)
        {
            counts[b]++;
        }

        double entropy = 0;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = (double)count / bytes.Length;
                entropy -= p * Math.Log2(p);
            }
        }

        return entropy;
    }

    /// <summary>ECMA-48 section 5.3: the C1 controls that open a control sequence or a control string (DCS, SOS, CSI, OSC, PM, APC).</summary>
    private static bool IsC1Introducer(int value) => value is 0x90 or 0x98 or 0x9b or 0x9d or 0x9e or 0x9f;

    /// <summary>Code points a reader cannot see or that reorder what they see.</summary>
    private static bool IsInvisible(Rune rune) =>
        Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate => true,
            UnicodeCategory.SpaceSeparator => rune.Value != ' ',
            _ => rune.Value is (>= 0xfe00 and <= 0xfe0f) or (>= 0xe0100 and <= 0xe01ef) // variation selectors
                or 0x034f or 0x115f or 0x1160 or 0x17b4 or 0x17b5 or (>= 0x180b and <= 0x180f) or 0x2800 or 0x3164 or 0xffa0, // invisible by default
        };
}
