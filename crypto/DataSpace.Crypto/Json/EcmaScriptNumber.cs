using System.Buffers;
using System.Globalization;

namespace DataSpace.Crypto.Json;

/// <summary>
/// RFC 8785 section 3.2.2.3: numbers as ECMA-262 Number::toString(x) writes them, from the shortest
/// round-trip digits .NET produces ("R") laid out the ECMAScript way.
/// </summary>
internal static class EcmaScriptNumber
{
    /// <summary>Enough for any finite double: "-1.7976931348623157e+308" is 24 bytes, "-0.000001234..." at most 26.</summary>
    public const int MaxLength = 32;

    public static void Write(IBufferWriter<byte> output, double value)
    {
        var span = output.GetSpan(MaxLength);
        var written = Format(value, span);
        output.Advance(written);
    }

    /// <summary>Formats a finite <paramref name="value"/> into <paramref name="destination"/> (at least 32 bytes).</summary>
    public static int Format(double value, Span<byte> destination)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "NaN and Infinity have no JSON form");
        }

        // ECMA-262 step 2: +0 and -0 both print as "0".
        if (value == 0)
        {
            destination[0] = (byte)'0';
            return 1;
        }

        Span<byte> shortest = stackalloc byte[MaxLength];
        Math.Abs(value).TryFormat(shortest, out var length, "R", CultureInfo.InvariantCulture);

        // Split "d.dddE+xx" / "ddd.ddd" into the digits s (k of them) and n, where value = 0.s * 10^n.
        Span<byte> digits = stackalloc byte[MaxLength];
        var count = 0;
        var integerDigits = -1;
        var exponent = 0;
        for (var i = 0; i < length; i++)
        {
            var b = shortest[i];
            if (b == (byte)'.')
            {
                integerDigits = count;
            }
            else if (b is (byte)'E' or (byte)'e')
            {
                exponent = int.Parse(shortest[(i + 1)..length], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                break;
            }
            else
            {
                digits[count++] = b;
            }
        }

        if (integerDigits < 0)
        {
            integerDigits = count;
        }

        var leading = 0;
        while (digits[leading] == (byte)'0')
        {
            leading++;
        }

        while (digits[count - 1] == (byte)'0')
        {
            count--;
        }

        var s = digits[leading..count];
        var k = s.Length;
        var n = integerDigits - leading + exponent;
        return Layout(value < 0, s, k, n, destination);
    }

    // ECMA-262 Number::toString steps 6-10.
    private static int Layout(bool negative, ReadOnlySpan<byte> s, int k, int n, Span<byte> destination)
    {
        var pos = 0;
        if (negative)
        {
            destination[pos++] = (byte)'-';
        }

        if (k <= n && n <= 21)
        {
            s.CopyTo(destination[pos..]);
            pos += k;
            destination.Slice(pos, n - k).Fill((byte)'0');
            return pos + n - k;
        }

        if (0 < n && n <= 21)
        {
            s[..n].CopyTo(destination[pos..]);
            pos += n;
            destination[pos++] = (byte)'.';
            s[n..].CopyTo(destination[pos..]);
            return pos + k - n;
        }

        if (-6 < n && n <= 0)
        {
            destination[pos++] = (byte)'0';
            destination[pos++] = (byte)'.';
            destination.Slice(pos, -n).Fill((byte)'0');
            pos += -n;
            s.CopyTo(destination[pos..]);
            return pos + k;
        }

        destination[pos++] = s[0];
        if (k > 1)
        {
            destination[pos++] = (byte)'.';
            s[1..].CopyTo(destination[pos..]);
            pos += k - 1;
        }

        var e = n - 1;
        destination[pos++] = (byte)'e';
        destination[pos++] = e < 0 ? (byte)'-' : (byte)'+';
        Math.Abs(e).TryFormat(destination[pos..], out var written, default, CultureInfo.InvariantCulture);
        return pos + written;
    }
}
