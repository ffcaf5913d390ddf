using DataSpace.Connector.Model;

namespace DataSpace.Connector.Storage;

/// <summary>The job state machine: which transitions the store accepts.</summary>
public static class JobTransitions
{
    /// <summary>
    /// Submitted → Approved or Rejected; Approved → Running (or Failed, if it cannot start); Running → Released,
    /// Refused or Failed; Failed → Approved, to run a resubmitted job again.
    /// </summary>
    public static bool IsAllowed(JobState from, JobState to) => (from, to) switch
    {
        (JobState.Submitted, JobState.Approved or JobState.Rejected) => true,
        (JobState.Approved, JobState.Running or JobState.Failed) => true,
        (JobState.Running, JobState.Released or JobState.Refused or JobState.Failed or JobState.PendingReview) => true,
        (JobState.PendingReview, JobState.Released or JobState.Refused) => true,
        (JobState.Failed, JobState.Approved) => true,
        _ => false,
    };
}
