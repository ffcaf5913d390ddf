using System.Globalization;
using System.Text;
using Apache.Arrow;
using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Vetting;

/// <summary>
/// The canonical text form of a value, as a job would most plainly print it, folded like the output
/// (<see cref="OutputIndex.Fold"/>): strings trimmed of white space; integers in invariant decimal; doubles in
/// shortest round-trip form ("R"); dates as yyyy-MM-dd; booleans as true/false.
/// </summary>
internal static class ValueText
{
    private const int UnixEpochDayNumber = 719_162; // DateOnly.DayNumber of 1970-01-01

    /// <summary>
    /// Writes the value at <paramref name="row"/> into <paramref name="buffer"/> at <paramref name="offset"/>
    /// (growing it when needed) and returns its length in bytes, or -1 when the value is null, NaN or infinite.
    /// </summary>
    public static int Write(IArrowArray array, int row, ref byte[] buffer, int offset)
    {
        if (array.IsNull(row))
        {
            return -1;
        }

        int written;
        switch (array)
        {
            case StringArray strings:
                var bytes = Trim(strings.GetBytes(row));
                Reserve(ref buffer, offset, bytes.Length);
                bytes.CopyTo(buffer.AsSpan(offset));
                written = bytes.Length;
                break;
            case Int32Array ints:
                Reserve(ref buffer, offset, 11);
                ints.Values[row].TryFormat(buffer.AsSpan(offset), out written, default, CultureInfo.InvariantCulture);
                break;
            case Int64Array longs:
                Reserve(ref buffer, offset, 20);
                longs.Values[row].TryFormat(buffer.AsSpan(offset), out written, default, CultureInfo.InvariantCulture);
                break;
            case DoubleArray doubles:
                var value = doubles.Values[row];
                if (!double.IsFinite(value))
                {
                    return -1;
                }

                Reserve(ref buffer, offset, 32);
                value.TryFormat(buffer.AsSpan(offset), out written, "R", CultureInfo.InvariantCulture);
                break;
            case Date32Array dates:
                Reserve(ref buffer, offset, 16);
                DateOnly.FromDayNumber(UnixEpochDayNumber + dates.Values[row])
                    .TryFormat(buffer.AsSpan(offset), out written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                break;
            case BooleanArray booleans:
                var text = booleans.GetValue(row) == true ? "true"u8 : "false"u8;
                Reserve(ref buffer, offset, text.Length);
                text.CopyTo(buffer.AsSpan(offset));
                written = text.Length;
                break;
            default:
                throw new DataSourceException($"custom output check: the data source returned an unexpected {array.GetType().Name}");
        }

        OutputIndex.Fold(buffer.AsSpan(offset, written));
        return written;
    }

    /// <summary>Characters (Unicode scalar values) in UTF-8 text: bytes that do not continue a sequence.</summary>
    public static int CharacterCount(ReadOnlySpan<byte> utf8)
    {
        var count = 0;
        foreach (var b in utf8)
        {
            count += (b & 0xC0) != 0x80 ? 1 : 0;
        }

        return count;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> utf8)
    {
        var start = 0;
        var end = utf8.Length;
        while (start < end && IsWhiteSpace(utf8[start]))
        {
            start++;
        }

        while (end > start && IsWhiteSpace(utf8[end - 1]))
        {
            end--;
        }

        return utf8[start..end];
    }

    private static bool IsWhiteSpace(byte b) => b < 0x80 && Rune.IsWhiteSpace(new Rune(b));

    private static void Reserve(ref byte[] buffer, int offset, int length)
    {
        if (offset + length > buffer.Length)
        {
            System.Array.Resize(ref buffer, Math.Max(buffer.Length * 2, offset + length));
        }
    }
}
