namespace DataSpace.Connector.Model;

/// <summary>
/// A logged operation in flight (docs/storage.md, "Operations"): recorded before its opening entry is appended to the
/// signed log, removed in the same transaction as its effect. One left behind by a crash is one whose effect did not
/// happen: restart recovery closes its entry, if it was appended, with an <c>aborted</c> entry.
/// </summary>
public sealed record PendingOperation
{
    /// <summary>A random id, written into the opening entry's <c>operation</c> detail so recovery can find it.</summary>
    public required string Id { get; init; }

    /// <summary>The audit action of the opening entry, for example <c>offer.create</c>.</summary>
    public required string Action { get; init; }

    /// <summary>What it changes, as the log names it (<c>offer/o-1</c>); one operation per resource at a time.</summary>
    public required string Resource { get; init; }

    /// <summary>The party (or the connector) on whose behalf it runs: the actor of the entries.</summary>
    public required string Actor { get; init; }

    /// <summary>The connector process (replica) running it: only that process's restart recovers it.</summary>
    public required string RunnerId { get; init; }

    /// <summary>The size of the log when it started: its opening entry, if any, is at this index or later.</summary>
    public required long LogFrom { get; init; }

    public required DateTimeOffset StartedAt { get; init; }
}
