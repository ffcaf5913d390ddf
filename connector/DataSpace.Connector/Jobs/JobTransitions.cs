using DataSpace.Connector.Audit;
using DataSpace.Connector.Model;

namespace DataSpace.Connector.Jobs;

/// <summary>Every transition a job can make, each with its log entry; <see cref="JobLifecycle"/> performs them, nothing else does.</summary>
public static class JobTransitions
{
    public static readonly JobTransition Submit = new("submit", null, JobState.Submitted, AuditActions.JobSubmit, AuditDecisions.Permit);

    /// <summary>Submitted with a module the agreement approves in advance (dsc:moduleDigest): straight to Approved.</summary>
    public static readonly JobTransition SubmitPreApproved = new("submit pre-approved", null, JobState.Approved, AuditActions.JobSubmit, AuditDecisions.Permit);

    public static readonly JobTransition Approve = new("approve", JobState.Submitted, JobState.Approved, AuditActions.JobApprove, AuditDecisions.Permit);
    public static readonly JobTransition Reject = new("reject", JobState.Submitted, JobState.Rejected, AuditActions.JobReject, AuditDecisions.Deny);
    public static readonly JobTransition Start = new("start", JobState.Approved, JobState.Running, AuditActions.JobStart, AuditDecisions.Permit);

    /// <summary>Its agreement ended or was revoked before it could start.</summary>
    public static readonly JobTransition RefuseBeforeStart = new("refuse before start", JobState.Approved, JobState.Refused, AuditActions.JobRefuse, AuditDecisions.Deny);

    /// <summary>The policy or the privacy budget refused the run before any data was read.</summary>
    public static readonly JobTransition RefuseRun = new("refuse run", JobState.Running, JobState.Refused, AuditActions.JobRefuse, AuditDecisions.Deny);

    /// <summary>The job failed, or the connector stopped while it ran (crash recovery).</summary>
    public static readonly JobTransition Fail = new("fail", JobState.Running, JobState.Failed, AuditActions.JobFail, AuditDecisions.Deny);

    public static readonly JobTransition Hold = new("hold for review", JobState.Running, JobState.PendingReview, AuditActions.ResultHold, AuditDecisions.Review);
    public static readonly JobTransition Release = new("release", JobState.Running, JobState.Released, AuditActions.ResultRelease, AuditDecisions.Permit);

    /// <summary>Vetting refused the output.</summary>
    public static readonly JobTransition RefuseOutput = new("refuse output", JobState.Running, JobState.Refused, AuditActions.ResultRefuse, AuditDecisions.Deny);

    public static readonly JobTransition ReleaseReviewed = new("release after review", JobState.PendingReview, JobState.Released, AuditActions.ResultRelease, AuditDecisions.Permit);
    public static readonly JobTransition RefuseReviewed = new("refuse in review", JobState.PendingReview, JobState.Refused, AuditActions.ResultRefuse, AuditDecisions.Deny);

    public static IReadOnlyList<JobTransition> All { get; } =
    [
        Submit, SubmitPreApproved, Approve, Reject, Start, RefuseBeforeStart, RefuseRun, Fail, Hold, Release, RefuseOutput, ReleaseReviewed, RefuseReviewed,
    ];

    /// <summary>Whether the state machine has a transition from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool IsAllowed(JobState from, JobState to) => All.Any(t => t.From == from && t.To == to);
}
