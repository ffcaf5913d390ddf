namespace DataSpace.Connector.Storage;

/// <summary>The row sets of one exact release over one dataset's content, to check against those released before and record.</summary>
public sealed record RowSetRelease
{
    public required string DatasetId { get; init; }

    /// <summary>The dataset's content digest: row positions mean the same rows only within one content.</summary>
    public required string DatasetDigest { get; init; }

    public required string JobId { get; init; }

    /// <summary>The release's minimum group size: sets closer than the larger of it and a recorded set's own are refused.</summary>
    public required long MinGroupSize { get; init; }

    /// <summary>Row counts further apart than this are never compared: the sketches decode at most this many differences.</summary>
    public required long MaxDifference { get; init; }

    public required IReadOnlyList<ReleasedRowSet> Sets { get; init; }

    /// <summary>
    /// The exact size of the symmetric difference of two serialised sketches (recorded, new), or null when it is
    /// larger than they decode; the store calls it inside its transaction.
    /// </summary>
    public required Func<byte[], byte[], int?> Difference { get; init; }
}
