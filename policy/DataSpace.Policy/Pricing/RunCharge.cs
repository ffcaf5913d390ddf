using DataSpace.Policy.Model;

namespace DataSpace.Policy.Pricing;

/// <summary>
/// What one run costs: a line per component and tier it reached, and <see cref="TotalFen"/>, their exact sum in fen
/// (a fraction of a fen is kept; a period's total is rounded once, with <see cref="Fen.RoundUp"/>).
/// </summary>
public sealed record RunCharge(ValueList<ChargeLine> Lines, decimal TotalFen)
{
    /// <summary>No charge: a non-billable run, or one no component prices.</summary>
    public static RunCharge Free { get; } = new([], 0m);

    /// <summary>
    /// The exact sum of charges, e.g. a period's, and the whole fen charged for it (rounded up once).
    /// Throws <see cref="OverflowException"/> above <see cref="Fen.MaxValue"/>.
    /// </summary>
    public static (decimal ExactFen, Fen Charged) Total(IEnumerable<RunCharge> charges)
    {
        ArgumentNullException.ThrowIfNull(charges);
        var total = 0m;
        foreach (var charge in charges)
        {
            total += charge.TotalFen;
            if (total > Fen.MaxValue)
            {
                throw new OverflowException($"the total exceeds {Fen.MaxValue} fen");
            }
        }

        return (total, Fen.RoundUp(total));
    }
}
