namespace DataSpace.Sandbox.Plans;

/// <summary>The bounds every plan must keep (docs/analysis-plans.md, "Limits"): they keep evaluation and release small.</summary>
public static class PlanLimits
{
    /// <summary>Largest plan document accepted, in bytes.</summary>
    public const int MaxBytes = 256 * 1024;

    public const int MaxDimensions = 4;

    /// <summary>Largest domain: the product of the dimensions' sizes.</summary>
    public const int MaxGroups = 10_000;

    public const int MaxMeasures = 16;

    public const int MaxFilters = 8;

    /// <summary>Most derived columns (row functions) of one plan.</summary>
    public const int MaxDerived = 4;

    /// <summary>Most literals of one isAnyOf or isNoneOf filter.</summary>
    public const int MaxFilterValues = 100;

    /// <summary>Most bounds of a bucketed dimension or a histogram (so at most 100 buckets or bins).</summary>
    public const int MaxBounds = 101;

    public const int MaxQuantiles = 9;

    /// <summary>Largest magnitude of a bound, bucket or histogram edge.</summary>
    public const double MaxMagnitude = 1e15;

    /// <summary>Longest name, id or string literal, in UTF-16 code units.</summary>
    public const int MaxText = 256;
}
