using System.Data.Common;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage.Sql;

namespace DataSpace.Connector.Jobs.Tasks;

/// <summary>
/// The tasks of split jobs in <c>job_tasks</c> (docs/connector-service.md, "Tasks"), shared by every replica of the connector.
/// A task is claimed by one runner at a time: on PostgreSQL with <c>FOR UPDATE SKIP LOCKED</c>, so runners of several
/// replicas never wait for each other's claims; on SQLite under the database's single writer. A claim carries a lease and
/// an attempt number: a runner that died leaves its task to be claimed again when the lease ends, and only the latest
/// attempt's runner can renew or finish it (a late one changes nothing). Only tasks of a Running job are claimed.
/// </summary>
internal sealed class JobTaskStore(StorageDatabase database)
{
    private const string ClaimColumns = "job_id, task_no, parts_json, request_json, state, attempt, claimed_by, lease_until";
    private const string Columns = "t.job_id, t.task_no, t.parts_json, t.request_json, t.state, t.attempt, t.claimed_by, t.lease_until, t.outcome_json";
    private const string ColumnsWithoutOutcome = "t.job_id, t.task_no, t.parts_json, t.request_json, t.state, t.attempt, t.claimed_by, t.lease_until, NULL";

    /// <summary>Makes the tasks of <paramref name="jobId"/>, numbered from 1 in the order given, all pending.</summary>
    public async Task CreateAsync(string jobId, IReadOnlyList<(IReadOnlyList<string> Parts, JobTaskRequest Request)> tasks, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        ArgumentNullException.ThrowIfNull(tasks);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < tasks.Count; i++)
        {
            await using var insert = connection.Command(
                "INSERT INTO job_tasks (job_id, task_no, parts_json, request_json, state) VALUES (@job, @no, @parts, @request, @state)", transaction)
                .With("job", jobId).With("no", i + 1)
                .With("parts", JobTaskJson.Write(tasks[i].Parts))
                .With("request", JobTaskJson.Write(tasks[i].Request))
                .With("state", Name(JobTaskState.Pending));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        await database.NotifyAsync(connection, JobTaskHints.Made).ConfigureAwait(false);
    }

    /// <summary>
    /// Claims the first task of a Running job that is pending or whose lease has ended, for <paramref name="replica"/> until
    /// <paramref name="leaseUntil"/>; null when there is none.
    /// </summary>
    public async Task<JobTask?> TryClaimAsync(string replica, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(replica);
        var sql =
            "UPDATE job_tasks SET state = @claimed, attempt = attempt + 1, claimed_by = @replica, lease_until = @lease " +
            "WHERE (job_id, task_no) IN (SELECT t.job_id, t.task_no FROM job_tasks t JOIN jobs j ON j.id = t.job_id " +
            "WHERE j.state = @running AND (t.state = @pending OR (t.state = @claimed AND t.lease_until < @now)) " +
            $"ORDER BY j.started_at, t.job_id, t.task_no LIMIT 1{database.SkipLocked}) " +
            $"RETURNING {ClaimColumns}, outcome_json";
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        JobTask? claimed = null;
        await using (var claim = connection.Command(sql, transaction)
            .With("claimed", Name(JobTaskState.Claimed)).With("pending", Name(JobTaskState.Pending))
            .With("running", SqlNames.Of(JobState.Running))
            .With("replica", replica).With("lease", database.ToDb(leaseUntil)).With("now", database.ToDb(now)))
        await using (var reader = await claim.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                claimed = Read(reader);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return claimed;
    }

    /// <summary>Extends the lease of the attempt <paramref name="task"/> holds; false when that attempt no longer holds it.</summary>
    public Task<bool> RenewAsync(JobTask task, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        UpdateClaimedAsync(task, "lease_until = @lease", c => c.With("lease", database.ToDb(leaseUntil)), cancellationToken);

    /// <summary>Records how the attempt <paramref name="task"/> holds ended (done or failed); false when that attempt no longer holds it.</summary>
    public Task<bool> FinishAsync(JobTask task, JobTaskOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var state = outcome.Status == Sandbox.Hosting.JobStatus.Released && outcome.State is not null ? JobTaskState.Done : JobTaskState.Failed;
        return UpdateClaimedAsync(task, "state = @next, outcome_json = @outcome, lease_until = NULL",
            c => c.With("next", Name(state)).With("outcome", JobTaskJson.Write(outcome)), cancellationToken, JobTaskHints.Ended);
    }

    /// <summary>Every task of <paramref name="jobId"/>, in order; without their outcomes (null) unless <paramref name="outcomes"/>.</summary>
    public async Task<IReadOnlyList<JobTask>> ListAsync(string jobId, CancellationToken cancellationToken, bool outcomes = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        var columns = outcomes ? Columns : ColumnsWithoutOutcome;
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var list = connection.Command($"SELECT {columns} FROM job_tasks t WHERE t.job_id = @job ORDER BY t.task_no").With("job", jobId);
        await using var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var tasks = new List<JobTask>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tasks.Add(Read(reader));
        }

        return tasks;
    }

    /// <summary>Cancels the tasks of <paramref name="jobId"/> not yet ended, and forgets every task's state (the job has ended).</summary>
    public async Task EndAsync(string jobId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await using (var end = connection.Command(
            "UPDATE job_tasks SET state = CASE WHEN state IN (@pending, @claimed) THEN @cancelled ELSE state END, lease_until = NULL, outcome_json = NULL " +
            "WHERE job_id = @job", transaction)
            .With("job", jobId).With("pending", Name(JobTaskState.Pending)).With("claimed", Name(JobTaskState.Claimed)).With("cancelled", Name(JobTaskState.Cancelled)))
        {
            await end.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="EndAsync"/> for every job that has ended (or is gone) while its tasks were left: a job whose runner stopped
    /// before it could end them, and which restart recovery then failed. Returns how many tasks it changed.
    /// </summary>
    public async Task<int> EndLeftOverAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        int changed;
        await using (var end = connection.Command(
            "UPDATE job_tasks SET state = CASE WHEN state IN (@pending, @claimed) THEN @cancelled ELSE state END, lease_until = NULL, outcome_json = NULL " +
            "WHERE (state IN (@pending, @claimed) OR outcome_json IS NOT NULL) AND job_id NOT IN (SELECT id FROM jobs WHERE state = @running)", transaction)
            .With("pending", Name(JobTaskState.Pending)).With("claimed", Name(JobTaskState.Claimed)).With("cancelled", Name(JobTaskState.Cancelled))
            .With("running", SqlNames.Of(JobState.Running)))
        {
            changed = await end.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return changed;
    }

    /// <summary>The update of the attempt <paramref name="task"/> holds; when it changed the task, <paramref name="hint"/> goes to the other replicas after the commit.</summary>
    private async Task<bool> UpdateClaimedAsync(JobTask task, string set, Action<DbCommand> parameters, CancellationToken cancellationToken, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        int changed;
        await using (var update = connection.Command(
            $"UPDATE job_tasks SET {set} WHERE job_id = @job AND task_no = @no AND attempt = @attempt AND state = @claimed", transaction)
            .With("job", task.JobId).With("no", task.Number).With("attempt", task.Attempt).With("claimed", Name(JobTaskState.Claimed)))
        {
            parameters(update);
            changed = await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (changed == 1 && hint is not null)
        {
            await database.NotifyAsync(connection, hint).ConfigureAwait(false);
        }

        return changed == 1;
    }

    private JobTask Read(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt32(1),
        JobTaskJson.Read<List<string>>(reader.GetString(2), "parts"),
        JobTaskJson.Read<JobTaskRequest>(reader.GetString(3), "request"),
        ToState(reader.GetString(4)),
        reader.GetInt32(5),
        reader.GetNullableString(6),
        database.ReadNullableTime(reader, 7),
        reader.IsDBNull(8) ? null : JobTaskJson.Read<JobTaskOutcome>(reader.GetString(8), "outcome"));

    private static string Name(JobTaskState state) => state.ToString().ToLowerInvariant();

    private static JobTaskState ToState(string value) => Enum.TryParse<JobTaskState>(value, ignoreCase: true, out var state) && Name(state) == value
        ? state
        : throw new InvalidDataException($"unknown job task state '{value}' in the database");
}
