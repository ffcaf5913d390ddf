namespace DataSpace.Sandbox.Plans;

/// <summary>A measure: a numeric column clamped to [<see cref="Lower"/>, <see cref="Upper"/>], with the statistics asked of it.</summary>
public sealed record PlanMeasure
{
    /// <summary>The column measured; for a derived measure, the derived column's name in the plan's dataset.</summary>
    public required PlanColumn Column { get; init; }

    /// <summary>The measure is a derived column (<see cref="AnalysisPlan.Derived"/>), not one of the data.</summary>
    public bool Derived { get; init; }

    /// <summary>The name the release gives the measure (the column's by default).</summary>
    public required string Name { get; init; }

    public required double Lower { get; init; }

    public required double Upper { get; init; }

    /// <summary>Release the variance too (from a sum of squares).</summary>
    public bool Variance { get; init; }

    /// <summary>Ascending histogram bounds over the clamped values, for a histogram (and quantiles); null for none.</summary>
    public IReadOnlyList<double>? Histogram { get; init; }

    /// <summary>Quantiles estimated from the histogram, each in (0, 1), ascending.</summary>
    public IReadOnlyList<double> Quantiles { get; init; } = [];

    /// <summary>How far one row moves the sum: max(|lower|, |upper|).</summary>
    public double Sensitivity => Math.Max(Math.Abs(Lower), Math.Abs(Upper));
}
