namespace DataSpace.Sandbox.Plans;

/// <summary>
/// An analysis plan (docs/analysis-plans.md): the statistics a job asks for, declared instead of computed by job
/// code. The host evaluates it over the data; every row contributes only its own clamped values, once, so the
/// sensitivity that differential-privacy noise is calibrated to holds by construction.
/// </summary>
public sealed record AnalysisPlan
{
    /// <summary>The plan format this host reads.</summary>
    public const string FormatV1 = "dataspace/analysis-plan/v1";

    /// <summary>The dataset the plan reads: the job's agreement is on it.</summary>
    public required string Dataset { get; init; }

    /// <summary>Rows kept: every filter must hold (a row where a filter's column is null is dropped).</summary>
    public IReadOnlyList<PlanFilter> Filters { get; init; } = [];

    /// <summary>The grouping: groups are the product of the dimensions' domains, fixed by the plan, never by the data.</summary>
    public IReadOnlyList<PlanDimension> Dimensions { get; init; } = [];

    /// <summary>Numeric columns summed per group, each clamped to its bounds.</summary>
    public IReadOnlyList<PlanMeasure> Measures { get; init; } = [];

    /// <summary>Derived columns: pure WebAssembly functions of a row's number columns, usable as measures.</summary>
    public IReadOnlyList<PlanDerive> Derived { get; init; } = [];

    /// <summary>A second dataset of the same connector joined on a key; null for none.</summary>
    public PlanJoin? Join { get; init; }

    /// <summary>How many groups the plan's domain has: the product of the dimensions' sizes (1 without dimensions).</summary>
    public int GroupCount => Dimensions.Aggregate(1, (product, dimension) => checked(product * dimension.Size));

    /// <summary>Every column the plan reads, with the dataset it is in, each once, in plan order.</summary>
    public IReadOnlyList<PlanColumn> Columns()
    {
        var columns = new List<PlanColumn>();
        if (Join is { } join)
        {
            columns.Add(new PlanColumn(Dataset, join.LeftKey));
            columns.Add(new PlanColumn(join.Dataset, join.RightKey));
        }

        columns.AddRange(Filters.Select(f => f.Column));
        columns.AddRange(Dimensions.Select(d => d.Column));
        columns.AddRange(Derived.SelectMany(d => d.Inputs));
        columns.AddRange(Measures.Where(m => !m.Derived).Select(m => m.Column));
        return [.. columns.Distinct()];
    }

    /// <summary>The columns the plan reads from <paramref name="dataset"/>, each once, in plan order.</summary>
    public IReadOnlyList<string> ColumnsOf(string dataset) =>
        [.. Columns().Where(c => c.Dataset == dataset).Select(c => c.Name)];
}
