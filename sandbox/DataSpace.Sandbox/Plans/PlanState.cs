namespace DataSpace.Sandbox.Plans;

/// <summary>
/// The exact statistics of every group of a plan's domain, before release: counts, and per measure the sums (in
/// whole grid steps when the release is noisy, as doubles when it is exact), sums of squares and histogram bins.
/// Never leaves the host as it is; <see cref="PlanRelease"/> turns it into what may.
/// </summary>
internal sealed class PlanState
{
    public PlanState(BoundPlan plan)
    {
        Plan = plan;
        var groups = plan.GroupCount;
        Counts = new long[groups];
        var measures = plan.Measures.Count;
        GridSums = new long[measures][];
        GridSquares = new long[measures][];
        Sums = new double[measures][];
        Squares = new double[measures][];
        Histograms = new long[measures][];
        for (var m = 0; m < measures; m++)
        {
            var measure = plan.Measures[m];
            if (plan.Noisy)
            {
                GridSums[m] = new long[groups];
                GridSquares[m] = measure.Declared.Variance ? new long[groups] : [];
            }
            else
            {
                Sums[m] = new double[groups];
                Squares[m] = measure.Declared.Variance ? new double[groups] : [];
            }

            Histograms[m] = measure.Histogram is { } bins ? new long[groups * bins.Size] : [];
        }
    }

    public BoundPlan Plan { get; }

    /// <summary>Rows counted per group.</summary>
    public long[] Counts { get; }

    /// <summary>Per measure and group: the sum of the clamped values in grid steps (noisy release only).</summary>
    public long[][] GridSums { get; }

    /// <summary>Per measure and group: the sum of squares in grid steps (noisy release with variance only).</summary>
    public long[][] GridSquares { get; }

    /// <summary>Per measure and group: the sum of the clamped values (exact release only).</summary>
    public double[][] Sums { get; }

    /// <summary>Per measure and group: the sum of squares (exact release with variance only).</summary>
    public double[][] Squares { get; }

    /// <summary>Per measure: bins of group g at [g * bins, (g + 1) * bins).</summary>
    public long[][] Histograms { get; }

    /// <summary>Rows of the plan's dataset read.</summary>
    public long RowsRead { get; set; }
}
