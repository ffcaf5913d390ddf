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

    /// <summary>A federated job's run sent its masked partial to the aggregator (docs/federation.md).</summary>
    public static readonly JobTransition Contribute = new("contribute", JobState.Running, JobState.Contributed, AuditActions.FederationContribute, AuditDecisions.Permit);

    /// <summary>The aggregator combined every participant's masked vector and released the sum's result.</summary>
    public static readonly JobTransition ReleaseCombined = new("release combined", JobState.Contributed, JobState.Released, AuditActions.ResultRelease, AuditDecisions.Permit);

    /// <summary>The aggregator's federation was aborted (a participant refused, failed or sent nothing in time): nothing is combined.</summary>
    public static readonly JobTransition RefuseCombined = new("refuse combined", JobState.Contributed, JobState.Refused, AuditActions.ResultRefuse, AuditDecisions.Deny);

    public static IReadOnlyList<JobTransition> All { get; } =
    [
        Submit, SubmitPreApproved, Approve, Reject, Start, RefuseBeforeStart, RefuseRun, Fail, Hold, Release, RefuseOutput, ReleaseReviewed, RefuseReviewed,
        Contribute, ReleaseCombined, RefuseCombined,
    ];

    /// <summary>Whether the state machine has a transition from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool IsAllowed(JobState from, JobState to) => All.Any(t => t.From == from && t.To == to);
}
