using System.Globalization;
using System.Text;

namespace DataSpace.Sandbox.Data;

/// <summary>
/// Parses CSV fields (UTF-8 bytes) as column values, invariantly and without allocating:
/// integers with an optional sign only; finite floating point numbers (no NaN, no infinities);
/// <c>true</c>/<c>false</c> in any case; dates as <c>yyyy-MM-dd</c>. Surrounding whitespace is not accepted.
/// </summary>
internal static class CsvValues
{
    private const NumberStyles IntegerStyle = NumberStyles.AllowLeadingSign;
    private const NumberStyles FloatStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
    private static readonly int UnixEpochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    public static bool TryParseInt32(ReadOnlySpan<byte> field, out int value) =>
        int.TryParse(field, IntegerStyle, CultureInfo.InvariantCulture, out value);

    public static bool TryParseInt64(ReadOnlySpan<byte> field, out long value) =>
        long.TryParse(field, IntegerStyle, CultureInfo.InvariantCulture, out value);

    /// <summary>Finite values only: "NaN", "Infinity" and values that overflow to infinity are refused.</summary>
    public static bool TryParseFloat64(ReadOnlySpan<byte> field, out double value) =>
        double.TryParse(field, FloatStyle, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    public static bool TryParseBoolean(ReadOnlySpan<byte> field, out bool value)
    {
        if (Ascii.EqualsIgnoreCase(field, "true"u8))
        {
            value = true;
            return true;
        }

        value = false;
        return Ascii.EqualsIgnoreCase(field, "false"u8);
    }

    /// <summary>Parses <c>yyyy-MM-dd</c> (a real calendar date) as days since 1970-01-01.</summary>
    public static bool TryParseDate(ReadOnlySpan<byte> field, out int daysSinceEpoch)
    {
        daysSinceEpoch = 0;
        if (field.Length != 10 || field[4] != (byte)'-' || field[7] != (byte)'-'
            || !TryDigits(field[..4], out var year) || !TryDigits(field.Slice(5, 2), out var month) || !TryDigits(field.Slice(8, 2), out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        daysSinceEpoch = new DateOnly(year, month, day).DayNumber - UnixEpochDayNumber;
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }
}
