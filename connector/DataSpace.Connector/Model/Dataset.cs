namespace DataSpace.Connector.Model;

/// <summary>A dataset registered by the supplier (flow 1, "Register").</summary>
public sealed record Dataset
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required DatasetFormat Format { get; init; }

    /// <summary>
    /// The canonical path of the file or folder under a data root (docs/connector-service.md, "Data roots"), or a PostgreSQL
    /// table name.
    /// </summary>
    public required string Location { get; init; }

    /// <summary>The dataset's columns and types, as JSON.</summary>
    public required string SchemaJson { get; init; }

    public required long RowCount { get; init; }

    /// <summary>The digest of the content, in the deployment's digest notation (for example <c>sha256:…</c>).</summary>
    public required string ContentDigest { get; init; }

    /// <summary>The classification level (grade) of the data; higher is more sensitive.</summary>
    public required int ClassificationLevel { get; init; }

    public required DateTimeOffset RegisteredAt { get; init; }

    /// <summary>
    /// The class of each column (<see cref="ColumnClasses"/>), as JSON; null for a dataset registered without one, whose
    /// columns are all <see cref="ColumnClass.Sensitive"/>.
    /// </summary>
    public string? ColumnClassesJson { get; init; }

    /// <summary>
    /// The column naming the entity (enterprise, person) a row is about, when an entity may have several rows; null when
    /// every row is its own entity. Analysis plans count at most <see cref="EntityMaxRows"/> rows of an entity and
    /// calibrate their noise to that (docs/analysis-plans.md, "Evaluation").
    /// </summary>
    public string? EntityColumn { get; init; }

    /// <summary>How many rows of one entity a plan counts; set exactly when <see cref="EntityColumn"/> is.</summary>
    public int? EntityMaxRows { get; init; }

    /// <summary>
    /// For a folder of Parquet files (<see cref="Location"/> a directory), each file's relative path, size and digest as
    /// registered, as JSON (<c>DataSpace.Connector.Data.DatasetParts</c>); null for a single file or a table. A job run
    /// names the file added, removed or changed since (docs/sandbox-data.md, "Partitioned Parquet folders").
    /// </summary>
    public string? PartsJson { get; init; }
}
