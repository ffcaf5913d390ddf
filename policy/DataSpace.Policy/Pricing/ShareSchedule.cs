using System.Globalization;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.Pricing;

/// <summary>
/// How revenue is shared between the supplying department and the operator, by brackets of the agreement's cumulative
/// revenue in a calendar year (UTC+8), applied marginally. <see cref="Default"/> is the practice the issue cites: 50/50
/// up to 200,000 CNY, 60/40 in the supplier's favour above. Rounding favours the supplier (docs/metering.md).
/// </summary>
public sealed record ShareSchedule
{
    private ShareSchedule(ValueList<ShareBracket> brackets) => Brackets = brackets;

    /// <summary>50% to the supplier up to 200,000 CNY of cumulative revenue in the year, 60% above.</summary>
    public static ShareSchedule Default { get; } = new([new ShareBracket(Fen.Zero, 5000), new ShareBracket(Fen.FromYuan(200_000m), 6000)]);

    /// <summary>The brackets, the first from 0, in increasing order.</summary>
    public ValueList<ShareBracket> Brackets { get; }

    /// <summary>
    /// Reads brackets written for configuration as <c>FROM=PERCENT</c>: cumulative revenue in CNY (at most two decimals)
    /// and the supplier's percentage (0 to 100, at most two decimals), e.g. <c>["0=50", "200000=60"]</c>.
    /// The first starts at 0 and each starts above the one before.
    /// </summary>
    public static bool TryParse(IEnumerable<string> brackets, out ShareSchedule? schedule, out string? error)
    {
        ArgumentNullException.ThrowIfNull(brackets);
        schedule = null;
        var read = new List<ShareBracket>();
        foreach (var text in brackets)
        {
            var parts = (text ?? "").Split('=', StringSplitOptions.TrimEntries);
            if (parts.Length != 2)
            {
                error = $"share bracket '{text}' is not FROM=PERCENT, e.g. 200000=60";
                return false;
            }

            if (!Fen.TryParseYuan(parts[0], out var from, out error))
            {
                error = $"share bracket '{text}': {error}";
                return false;
            }

            if (!decimal.TryParse(parts[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent)
                || percent > 100 || percent * 100 != decimal.Truncate(percent * 100))
            {
                error = $"share bracket '{text}': '{parts[1]}' is not a supplier percentage from 0 to 100 with at most two decimals";
                return false;
            }

            read.Add(new ShareBracket(from, (int)(percent * 100)));
        }

        return TryCreate(read, out schedule, out error);
    }

    /// <summary>Builds a schedule from brackets; the first must start at 0, each above the one before, 0 to 10000 basis points.</summary>
    public static bool TryCreate(IReadOnlyList<ShareBracket> brackets, out ShareSchedule? schedule, out string? error)
    {
        ArgumentNullException.ThrowIfNull(brackets);
        schedule = null;
        if (brackets.Count == 0 || brackets[0].From != Fen.Zero)
        {
            error = "the first share bracket must start at 0 CNY";
            return false;
        }

        for (var i = 0; i < brackets.Count; i++)
        {
            if (brackets[i].SupplierBasisPoints is < 0 or > 10_000)
            {
                error = $"share bracket {i}: the supplier's share {brackets[i].SupplierBasisPoints} is not 0 to 10000 basis points";
                return false;
            }

            if (i > 0 && brackets[i].From <= brackets[i - 1].From)
            {
                error = $"share bracket {i} starts at {brackets[i].From}, not above the bracket before ({brackets[i - 1].From})";
                return false;
            }
        }

        schedule = new ShareSchedule([.. brackets]);
        error = null;
        return true;
    }

    /// <summary>
    /// Shares <paramref name="total"/>, a period's revenue, given the agreement's revenue earlier in the same year.
    /// Each bracket's part is shared at its rate, the supplier's share rounded up to the fen and the operator receiving
    /// the rest, so the shares sum to the total exactly and the supplier never receives less than its exact share.
    /// </summary>
    public RevenueSplit Split(Fen total, Fen cumulativeBefore)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(total, Fen.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(cumulativeBefore, Fen.Zero);
        var end = cumulativeBefore + total;
        var lines = new List<ShareLine>();
        var supplier = Fen.Zero;
        for (var i = 0; i < Brackets.Count; i++)
        {
            var from = Brackets[i].From;
            Fen? to = i + 1 < Brackets.Count ? Brackets[i + 1].From : null;
            var start = cumulativeBefore > from ? cumulativeBefore : from;
            var stop = to is { } upper ? Fen.Min(end, upper) : end;
            if (stop <= start)
            {
                continue;
            }

            var amount = stop - start;
            var share = new Fen((long)decimal.Ceiling(amount.Value * (decimal)Brackets[i].SupplierBasisPoints / 10_000m));
            supplier += share;
            lines.Add(new ShareLine(from, to, Brackets[i].SupplierBasisPoints, amount, share, amount - share));
        }

        return new RevenueSplit(total, supplier, total - supplier, [.. lines]);
    }

    /// <summary>The brackets in the <see cref="TryParse"/> form, e.g. <c>["0=50", "200000=60"]</c>.</summary>
    public IReadOnlyList<string> ToStrings() =>
        [.. Brackets.Select(b => $"{b.From.ToYuanString().Replace(".00", "", StringComparison.Ordinal)}={(b.SupplierBasisPoints / 100m).ToString("0.##", CultureInfo.InvariantCulture)}")];
}
