using System.Globalization;
using System.Numerics;

namespace DataSpace.Policy.State;

/// <summary>
/// Converts privacy-budget amounts from doubles to the exact decimals the ledger accounts in.
/// </summary>
/// <remarks>
/// Summing doubles would let binary rounding decide who gets budget (0.1 + 0.2 is 0.30000000000000004, and
/// 0.3 - 0.1 - 0.2 is not zero). The ledger therefore reads each double as the shortest decimal that round-trips to
/// it, which is the number the policy or request wrote in JSON (0.1 is 0.1), and keeps it as a <see cref="decimal"/>
/// that is a whole multiple of <see cref="Quantum"/> (10^-18) and at most <see cref="Max"/> (10^9). The conversion to
/// the grid is exact (integer arithmetic) and directed: a request rounds up and a limit rounds down, so rounding
/// never grants budget; 10^-30 is charged one quantum, not nothing. Sums of such amounts stay exact in
/// <see cref="decimal"/>'s 96-bit mantissa, so ten requests of 0.1 fit a limit of 1.0 and an eleventh does not.
/// </remarks>
public static class BudgetAmount
{
    /// <summary>The accounting grid: 10^-18.</summary>
    public const decimal Quantum = 0.000000000000000001m;

    /// <summary>The largest amount accepted, as request or limit.</summary>
    public const double Max = 1e9;

    private const int GridDigits = 18;
    private const decimal Scale = 1_000_000_000_000_000_000m;

    /// <summary>A requested amount, rounded up to the grid.</summary>
    /// <exception cref="ArgumentException">The value is NaN, infinite, negative or above <see cref="Max"/>.</exception>
    public static decimal ToRequest(double value, string paramName) => (decimal)ToGrid(value, paramName, roundUp: true) / Scale;

    /// <summary>A limit, rounded down to the grid.</summary>
    /// <exception cref="ArgumentException">The value is NaN, infinite, negative or above <see cref="Max"/>.</exception>
    public static decimal ToLimit(double value, string paramName) => (decimal)ToGrid(value, paramName, roundUp: false) / Scale;

    /// <summary>The value times 10^18, rounded in the given direction, computed exactly from its shortest decimal form.</summary>
    private static BigInteger ToGrid(double value, string paramName, bool roundUp)
    {
        Check(value, paramName);
        if (value == 0)
        {
            return BigInteger.Zero;
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOfAny(['E', 'e']);
        var exponent = e < 0 ? 0 : int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? text : text[..e];
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            exponent -= mantissa.Length - dot - 1;
            mantissa = mantissa.Remove(dot, 1);
        }

        var digits = BigInteger.Parse(mantissa, NumberStyles.None, CultureInfo.InvariantCulture);
        exponent += GridDigits;
        if (exponent >= 0)
        {
            return digits * BigInteger.Pow(10, exponent);
        }

        var quotient = BigInteger.DivRem(digits, BigInteger.Pow(10, -exponent), out var remainder);
        return roundUp && !remainder.IsZero ? quotient + 1 : quotient;
    }

    private static void Check(double value, string paramName)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new ArgumentException($"a privacy budget amount must be finite, not {value}", paramName);
        }

        if (value < 0)
        {
            throw new ArgumentException($"a privacy budget amount must not be negative, not {value}", paramName);
        }

        if (value > Max)
        {
            throw new ArgumentException($"a privacy budget amount must be at most {Max}, not {value}", paramName);
        }
    }
}
