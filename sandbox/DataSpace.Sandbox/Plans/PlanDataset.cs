using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Plans;

/// <summary>
/// What binding a plan needs to know of a dataset: its columns, which of them identify a person or enterprise
/// (never grouped by, measured or compared with a literal), and its entity column, if it declares one.
/// </summary>
public sealed record PlanDataset
{
    public required string Id { get; init; }

    public required DatasetSchema Schema { get; init; }

    /// <summary>Columns that identify a person or enterprise on their own (docs/sandbox-custom-output.md, "Column classes").</summary>
    public IReadOnlySet<string> IdentifyingColumns { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// The column naming the entity a row is about (an enterprise id), when one entity may have several rows; null
    /// when every row is its own entity. The privacy unit is then the entity: at most <see cref="MaxRowsPerEntity"/>
    /// of its rows count, and the noise grows with that bound.
    /// </summary>
    public string? EntityColumn { get; init; }

    /// <summary>How many rows of one entity a plan counts (the first ones, in dataset order, that pass its filters).</summary>
    public int MaxRowsPerEntity { get; init; } = 1;
}
