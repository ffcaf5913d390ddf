namespace DataSpace.Connector.Model;

/// <summary>A dataset registered by the supplier (flow 1, "Register").</summary>
public sealed record Dataset
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required DatasetFormat Format { get; init; }

    /// <summary>A file path under the data directory, or a PostgreSQL table name.</summary>
    public required string Location { get; init; }

    /// <summary>The dataset's columns and types, as JSON.</summary>
    public required string SchemaJson { get; init; }

    public required long RowCount { get; init; }

    /// <summary>The digest of the content, in the deployment's digest notation (for example <c>sha256:…</c>).</summary>
    public required string ContentDigest { get; init; }

    /// <summary>The classification level (grade) of the data; higher is more sensitive.</summary>
    public required int ClassificationLevel { get; init; }

    public required DateTimeOffset RegisteredAt { get; init; }
}
