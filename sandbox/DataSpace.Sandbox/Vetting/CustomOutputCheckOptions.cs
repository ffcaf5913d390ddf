namespace DataSpace.Sandbox.Vetting;

/// <summary>What <see cref="CustomOutputCheck"/> searches for, and its limits.</summary>
public sealed class CustomOutputCheckOptions
{
    /// <summary>Columns none of whose values may appear in the output (granted to the job or not).</summary>
    public IReadOnlyList<string> IdentifyingColumns { get; init; } = [];

    /// <summary>The granted columns, in the manifest's order: a row whose values all appear in order on one line is refused.</summary>
    public IReadOnlyList<string> RowColumns { get; init; } = [];

    /// <summary>Rows per batch read from the data source.</summary>
    public int BatchRows { get; init; } = 65_536;

    /// <summary>
    /// Identifying values with fewer characters than this (after trimming) are not searched: "12" or "Li" would
    /// match almost any output. A documented limit.
    /// </summary>
    public int MinValueLength { get; init; } = 4;

    /// <summary>
    /// Rows whose values together have fewer characters than this are not searched as whole rows: a row such as
    /// (34, 1) matches any table that has a line "34,1,...". A documented limit.
    /// </summary>
    public int MinRowLength { get; init; } = 8;

    /// <summary>The check stops after this many findings and says so.</summary>
    public int MaxFindings { get; init; } = 100;

    /// <summary>Larger output is refused unchecked (the index costs about 20 bytes per output byte).</summary>
    public int MaxOutputBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// Budget for matching candidate rows on output lines. Output crafted to make every row a candidate could
    /// otherwise make the check slow; when the budget is spent the output is refused.
    /// </summary>
    public long MaxRowMatchSteps { get; init; } = 200_000_000;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(IdentifyingColumns);
        ArgumentNullException.ThrowIfNull(RowColumns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchRows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MinValueLength);
        ArgumentOutOfRangeException.ThrowIfNegative(MinRowLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFindings);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxOutputBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRowMatchSteps);
    }
}
