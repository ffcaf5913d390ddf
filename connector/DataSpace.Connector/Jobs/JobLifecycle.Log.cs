using DataSpace.Connector.Model;

namespace DataSpace.Connector.Jobs;

/// <summary>
/// What <see cref="JobLifecycle"/> tells the operational log and the metrics of each transition it made: ids (job,
/// agreement, operator, data user, actor, runner), states, the rows processed and the job's reason, which is fit for
/// anyone (a fixed reason or the policy's); never a data value or anything else the job chose.
/// </summary>
internal sealed partial class JobLifecycle
{
    private void Observe(JobTransition transition, Job job, string actor, long rowsProcessed)
    {
        metrics?.Transitioned(transition, job, rowsProcessed);
        var program = job.Program == JobProgram.Plan ? "plan" : "module";
        switch (job.State)
        {
            case JobState.Submitted or JobState.Approved when transition.From is null:
                Log.Submitted(logger, job.Id, job.OperatorId, job.AgreementId, job.DataUserId, program, job.State);
                break;
            case JobState.Approved:
                Log.Approved(logger, job.Id, actor, job.AgreementId, job.OperatorId);
                break;
            case JobState.Rejected:
                Log.Rejected(logger, job.Id, actor, job.AgreementId, job.OperatorId, job.Reason);
                break;
            case JobState.Running:
                Log.Started(logger, job.Id, job.RunnerId, job.Attempt, job.AgreementId, job.OperatorId, job.DataUserId, program);
                break;
            case JobState.Refused:
                Log.Refused(logger, job.Id, transition.Name, actor, job.AgreementId, job.OperatorId, job.DataUserId, rowsProcessed, job.Reason);
                break;
            default:
                Log.Finished(logger, job.State == JobState.Failed ? LogLevel.Warning : LogLevel.Information,
                    job.Id, job.State, transition.Name, rowsProcessed, job.AgreementId, job.OperatorId, job.DataUserId, job.Reason);
                break;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.JobSubmitted, EventName = nameof(EventIds.JobSubmitted), Level = LogLevel.Information,
            Message = "Job {JobId} submitted by {OperatorId} under agreement {AgreementId} for data user {DataUserId}: a {Program}, {State}")]
        public static partial void Submitted(ILogger logger, string jobId, string operatorId, string agreementId, string dataUserId, string program, JobState state);

        [LoggerMessage(EventId = EventIds.JobApproved, EventName = nameof(EventIds.JobApproved), Level = LogLevel.Information,
            Message = "Job {JobId} approved by {ActorId} (agreement {AgreementId}, operator {OperatorId})")]
        public static partial void Approved(ILogger logger, string jobId, string actorId, string agreementId, string operatorId);

        [LoggerMessage(EventId = EventIds.JobRejected, EventName = nameof(EventIds.JobRejected), Level = LogLevel.Information,
            Message = "Job {JobId} rejected by {ActorId} (agreement {AgreementId}, operator {OperatorId}): {Reason}")]
        public static partial void Rejected(ILogger logger, string jobId, string actorId, string agreementId, string operatorId, string? reason);

        [LoggerMessage(EventId = EventIds.JobStarted, EventName = nameof(EventIds.JobStarted), Level = LogLevel.Information,
            Message = "Job {JobId} started on {RunnerId}, attempt {Attempt} (agreement {AgreementId}, operator {OperatorId}, data user {DataUserId}, a {Program})")]
        public static partial void Started(
            ILogger logger, string jobId, string? runnerId, int attempt, string agreementId, string operatorId, string dataUserId, string program);

        [LoggerMessage(EventId = EventIds.JobRefused, EventName = nameof(EventIds.JobRefused), Level = LogLevel.Information,
            Message = "Job {JobId} refused ({Transition}) by {ActorId} after {RowsProcessed} rows (agreement {AgreementId}, operator {OperatorId}, data user {DataUserId}): {Reason}")]
        public static partial void Refused(
            ILogger logger, string jobId, string transition, string actorId, string agreementId, string operatorId, string dataUserId, long rowsProcessed, string? reason);

        [LoggerMessage(EventId = EventIds.JobFinished, EventName = nameof(EventIds.JobFinished),
            Message = "Job {JobId} finished {State} ({Transition}) after {RowsProcessed} rows (agreement {AgreementId}, operator {OperatorId}, data user {DataUserId}): {Reason}")]
        public static partial void Finished(
            ILogger logger, LogLevel level, string jobId, JobState state, string transition, long rowsProcessed, string agreementId, string operatorId, string dataUserId,
            string? reason);
    }
}
