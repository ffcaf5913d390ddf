using System.Globalization;

namespace DataSpace.WebConsole.Settlement;

/// <summary>
/// Amounts as the settlement pages show them (docs/metering.md, "Exact amounts and rounding"): the connector states whole
/// amounts in integer fen and exact ones as invariant decimal strings of fen; the pages show yuan in the user's culture,
/// two decimals for whole fen and as many as an exact amount has beyond them (never rounded: an exact charge is exact).
/// </summary>
internal static class Money
{
    /// <summary>Whole fen as yuan with two decimals in <paramref name="culture"/>: 263801 is "2,638.01".</summary>
    public static string Yuan(long fen, CultureInfo culture) => (fen / 100m).ToString("N2", culture);

    /// <summary>
    /// An exact amount of fen (the connector's invariant decimal string, e.g. <c>2123.45</c>) as yuan in
    /// <paramref name="culture"/> with every decimal it has, at least two ("21.2345"); the text itself when it is not a
    /// decimal (shown, never guessed).
    /// </summary>
    public static string ExactYuan(string? exactFen, CultureInfo culture)
    {
        if (!decimal.TryParse(exactFen, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var fen))
        {
            return exactFen ?? "";
        }

        var yuan = fen / 100m;
        return yuan.ToString("N" + Math.Max(2, Decimals(yuan)).ToString(CultureInfo.InvariantCulture), culture);
    }

    /// <summary>The decimals a value needs (2123.4500 needs 2): its scale without trailing zeros.</summary>
    private static int Decimals(decimal value)
    {
        var normal = value / 1.0000000000000000000000000000m;
        return (decimal.GetBits(normal)[3] >> 16) & 0xFF;
    }
}
