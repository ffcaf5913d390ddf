using System.Buffers;
using System.Text;

namespace DataSpace.Crypto.Json;

/// <summary>
/// RFC 8785 section 3.2.2.2: strings as ECMAScript JSON.stringify writes them. Only <c>\" \\ \b \f \n \r \t</c>
/// and <c>\u00xx</c> (lower-case hex) for the other control characters are escaped; everything else,
/// '/' and non-ASCII included, is written as literal UTF-8.
/// </summary>
internal static class JsonStringEscaper
{
    /// <summary>The index of the first lone surrogate in <paramref name="value"/>, or -1 when it is valid UTF-16.</summary>
    public static int IndexOfLoneSurrogate(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Writes <paramref name="value"/> quoted; the caller has checked it has no lone surrogate.</summary>
    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<char> value, bool quoted = true)
    {
        if (quoted)
        {
            WriteByte(output, (byte)'"');
        }

        var runStart = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 0x20 && c != '"' && c != '\\')
            {
                continue;
            }

            Encoding.UTF8.GetBytes(value[runStart..i], output);
            WriteEscape(output, c);
            runStart = i + 1;
        }

        Encoding.UTF8.GetBytes(value[runStart..], output);
        if (quoted)
        {
            WriteByte(output, (byte)'"');
        }
    }

    private static void WriteEscape(IBufferWriter<byte> output, char c)
    {
        var span = output.GetSpan(6);
        span[0] = (byte)'\\';
        var shortForm = c switch
        {
            '"' => (byte)'"',
            '\\' => (byte)'\\',
            '\b' => (byte)'b',
            '\f' => (byte)'f',
            '\n' => (byte)'n',
            '\r' => (byte)'r',
            '\t' => (byte)'t',
            _ => (byte)0,
        };
        if (shortForm != 0)
        {
            span[1] = shortForm;
            output.Advance(2);
            return;
        }

        span[1] = (byte)'u';
        span[2] = (byte)'0';
        span[3] = (byte)'0';
        span[4] = (byte)"0123456789abcdef"[c >> 4];
        span[5] = (byte)"0123456789abcdef"[c & 0xF];
        output.Advance(6);
    }

    private static void WriteByte(IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }
}
