using System.Globalization;

namespace DataSpace.Policy.Pricing;

/// <summary>
/// An amount of Chinese yuan (CNY) in whole fen (1 yuan = 100 fen): every stored, settled or shared amount.
/// Arithmetic is checked and bounded by <see cref="MaxValue"/>; exact fractions of a fen (a run's charge) are
/// <see cref="decimal"/> fen until <see cref="RoundUp"/> turns a period's total into whole fen (docs/metering.md).
/// </summary>
public readonly record struct Fen(long Value) : IComparable<Fen>
{
    /// <summary>The largest amount, 10^15 fen (ten trillion yuan): far above any real charge, far below where <see cref="decimal"/> with six decimals stops being exact.</summary>
    public const long MaxValue = 1_000_000_000_000_000;

    public static Fen Zero => default;

    /// <summary>Yuan with at most two decimals, e.g. 200000 or 123.45, as fen; throws when over-precise, negative or too large.</summary>
    public static Fen FromYuan(decimal yuan) =>
        TryFromYuan(yuan, out var fen, out var error) ? fen : throw new ArgumentOutOfRangeException(nameof(yuan), yuan, error);

    public static bool TryFromYuan(decimal yuan, out Fen fen, out string? error)
    {
        fen = default;
        var value = yuan * 100m;
        if (yuan < 0 || value > MaxValue)
        {
            error = $"{yuan.ToString(CultureInfo.InvariantCulture)} CNY is not between 0 and {MaxValue / 100} CNY";
            return false;
        }

        if (value != decimal.Truncate(value))
        {
            error = $"{yuan.ToString(CultureInfo.InvariantCulture)} CNY has more than two decimals (a fen is 0.01 CNY)";
            return false;
        }

        fen = new Fen((long)value);
        error = null;
        return true;
    }

    /// <summary>Parses yuan written with invariant digits and at most two decimals, e.g. "200000" or "123.45".</summary>
    public static bool TryParseYuan(string? text, out Fen fen, out string? error)
    {
        fen = default;
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var yuan))
        {
            error = $"'{text}' is not an amount in CNY (digits, at most two decimals)";
            return false;
        }

        return TryFromYuan(yuan, out fen, out error);
    }

    /// <summary>
    /// The whole fen charged for an exact amount: rounded up (towards the supplier) once, at settlement.
    /// Throws <see cref="OverflowException"/> when negative or above <see cref="MaxValue"/>.
    /// </summary>
    public static Fen RoundUp(decimal exactFen) =>
        exactFen is < 0 or > MaxValue
            ? throw new OverflowException($"{exactFen.ToString(CultureInfo.InvariantCulture)} fen is outside 0..{MaxValue}")
            : new Fen((long)decimal.Ceiling(exactFen));

    public static Fen operator +(Fen left, Fen right) => Checked(checked(left.Value + right.Value));

    public static Fen operator -(Fen left, Fen right) => Checked(checked(left.Value - right.Value));

    public static bool operator <(Fen left, Fen right) => left.Value < right.Value;

    public static bool operator >(Fen left, Fen right) => left.Value > right.Value;

    public static bool operator <=(Fen left, Fen right) => left.Value <= right.Value;

    public static bool operator >=(Fen left, Fen right) => left.Value >= right.Value;

    public static Fen Min(Fen left, Fen right) => left.Value <= right.Value ? left : right;

    public int CompareTo(Fen other) => Value.CompareTo(other.Value);

    /// <summary>The amount in yuan with two decimals, e.g. <c>123.45</c>.</summary>
    public string ToYuanString() =>
        (Value < 0 ? "-" : "") + (Math.Abs(Value) / 100).ToString(CultureInfo.InvariantCulture) + "." + (Math.Abs(Value) % 100).ToString("00", CultureInfo.InvariantCulture);

    public override string ToString() => ToYuanString() + " CNY";

    private static Fen Checked(long value) =>
        value is > MaxValue or < -MaxValue ? throw new OverflowException($"{value} fen is beyond ±{MaxValue}") : new Fen(value);
}
