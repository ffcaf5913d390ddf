namespace DataSpace.Connector.Storage;

/// <summary>
/// One page of the indexes of log entries, in log order after <see cref="After"/>, that pass every filter given
/// (docs/connector-service.md, "Lists"; docs/audit-log.md).
/// </summary>
public sealed record AuditQuery
{
    /// <summary>The log the index is of (<see cref="Audit.AuditIndex"/> names it by its first leaf).</summary>
    public required string LogId { get; init; }

    public required int Limit { get; init; }

    /// <summary>The index of the last entry of the previous page, or null for the first page.</summary>
    public long? After { get; init; }

    public string? Action { get; init; }

    public string? Actor { get; init; }

    /// <summary>Entries whose resource starts with this text (<c>job/</c>, <c>dataset/tax</c>).</summary>
    public string? ResourcePrefix { get; init; }

    /// <summary>
    /// Entries that name this dataset id (<see cref="Audit.AuditDatasets"/>: a <c>dataset/&lt;id&gt;</c> resource or the
    /// <c>dataset</c> detail), read in log order from <c>audit_index_datasets</c>.
    /// </summary>
    public string? Dataset { get; init; }

    /// <summary>Entries stamped at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>
    /// Entries stamped before this time, up to the first entry stamped at or after it: an entry logged after that one with
    /// an earlier stamp (the clock stepped back) is past the range.
    /// </summary>
    public DateTimeOffset? To { get; init; }
}
