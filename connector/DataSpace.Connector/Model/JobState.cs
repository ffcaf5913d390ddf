namespace DataSpace.Connector.Model;

/// <summary>
/// Where a job is in its life: submitted → approved or rejected → running → released, refused, failed, or pending review
/// (custom output) → released or refused; a federated job's run ends contributed (its masked partial sent to the
/// aggregator), and the aggregator's own job goes on from there to released or refused (docs/federation.md).
/// </summary>
public enum JobState
{
    Submitted,
    Approved,
    Rejected,
    Running,
    Released,
    Refused,
    Failed,

    /// <summary>Custom output passed the leak check and waits for the supplier's review (released or refused next).</summary>
    PendingReview,

    /// <summary>A federated job's run sent its masked partial to the aggregator (docs/federation.md); the aggregator's own job is released or refused next.</summary>
    Contributed,
}
