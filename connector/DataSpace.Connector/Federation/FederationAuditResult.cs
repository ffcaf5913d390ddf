namespace DataSpace.Connector.Federation;

/// <summary>
/// The outcome of <see cref="FederationAudit.Audit"/>: valid when the aggregator's one release of the federation combined
/// exactly the vectors every participant logged; otherwise every difference found, each naming the participant and the
/// entry (an expected outcome, not an exception: docs/federation.md).
/// </summary>
/// <param name="Failures">Every reason the audit refused, in the order found; empty when valid.</param>
/// <param name="ReleaseEntry">The index of the release entry in the aggregator's log, when exactly one was found.</param>
/// <param name="Participants">The participants audited (their connector key ids, sorted).</param>
public sealed record FederationAuditResult(IReadOnlyList<string> Failures, long? ReleaseEntry, IReadOnlyList<string> Participants)
{
    /// <summary>Whether the release combined exactly the logged vectors of every participant.</summary>
    public bool IsValid => Failures.Count == 0;

    /// <summary>The first reason the audit refused, or null when valid.</summary>
    public string? Failure => Failures.Count == 0 ? null : Failures[0];
}
