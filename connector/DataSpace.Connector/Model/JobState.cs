namespace DataSpace.Connector.Model;

/// <summary>Where a job is in its life: submitted → approved or rejected → running → released, refused, failed, or pending review (custom output) → released or refused.</summary>
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
}
