using System.Data.Common;
using DataSpace.Connector.Model;

namespace DataSpace.Connector.Storage.Sql;

/// <summary>Jobs, their compare-and-set state transitions, and results.</summary>
internal sealed partial class SqlConnectorStore
{
    private const string JobColumns =
        "id, agreement_id, operator_id, data_user_id, data_user_public_key, module_digest, manifest_json, state, reason, " +
        "approval_signature, runner_id, submitted_at, approved_at, started_at, finished_at, attempt, rows_processed";

    private const string ResultColumns = "job_id, envelope, receipt_json, output_digest, log_index, created_at";

    // One statement: the WHERE clause is the compare, the SET the swap; the engine applies it atomically, so of any
    // number of concurrent callers (in this process or another replica) exactly one sees a changed row.
    private const string TransitionSql =
        "UPDATE jobs SET state = @next, reason = COALESCE(@reason, reason), " +
        "approval_signature = COALESCE(@approval_signature, approval_signature), runner_id = COALESCE(@runner_id, runner_id), " +
        "approved_at = COALESCE(@approved_at, approved_at), started_at = COALESCE(@started_at, started_at), " +
        "finished_at = COALESCE(@finished_at, finished_at), attempt = attempt + @attempt_increment " +
        "WHERE id = @id AND state = @expected";

    public Task AddJobAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentException.ThrowIfNullOrWhiteSpace(job.Id);
        return WriteAsync("job", job.Id, async (connection, transaction) =>
        {
            await using var insert = connection.Command(
                $"INSERT INTO jobs ({JobColumns}) VALUES (@id, @agreement_id, @operator_id, @data_user_id, @data_user_public_key, " +
                "@module_digest, @manifest_json, @state, @reason, @approval_signature, @runner_id, @submitted_at, @approved_at, " +
                "@started_at, @finished_at, @attempt, @rows_processed)", transaction)
                .With("id", job.Id)
                .With("agreement_id", job.AgreementId)
                .With("operator_id", job.OperatorId)
                .With("data_user_id", job.DataUserId)
                .With("data_user_public_key", job.DataUserPublicKeyPem)
                .With("module_digest", job.ModuleDigest)
                .With("manifest_json", job.ManifestJson)
                .With("state", SqlNames.Of(job.State))
                .With("reason", job.Reason)
                .With("approval_signature", job.ApprovalSignature)
                .With("runner_id", job.RunnerId)
                .With("submitted_at", database.ToDb(job.SubmittedAt))
                .With("approved_at", database.ToDb(job.ApprovedAt))
                .With("started_at", database.ToDb(job.StartedAt))
                .With("finished_at", database.ToDb(job.FinishedAt))
                .With("attempt", job.Attempt)
                .With("rows_processed", job.RowsProcessed);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public async Task<Job?> GetJobAsync(string jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var jobs = await QueryAsync($"SELECT {JobColumns} FROM jobs WHERE id = @id", c => c.With("id", jobId), ReadJob, cancellationToken)
            .ConfigureAwait(false);
        return jobs.Count == 0 ? null : jobs[0];
    }

    public async Task<IReadOnlyList<Job>> ListJobsAsync(JobState? state, CancellationToken cancellationToken) =>
        state is { } only
            ? await QueryAsync(
                $"SELECT {JobColumns} FROM jobs WHERE state = @state ORDER BY submitted_at, id",
                c => c.With("state", SqlNames.Of(only)),
                ReadJob,
                cancellationToken).ConfigureAwait(false)
            : await QueryAsync($"SELECT {JobColumns} FROM jobs ORDER BY submitted_at, id", static _ => { }, ReadJob, cancellationToken)
                .ConfigureAwait(false);

    public async Task<bool> TryTransitionJobAsync(
        string jobId, JobState expected, JobState next, JobChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        ArgumentNullException.ThrowIfNull(changes);
        CheckTransition(expected, next);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var update = BindTransition(connection.Command(TransitionSql), jobId, expected, next, changes);
        return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public Task<bool> TryReleaseJobAsync(JobResult result, JobChanges changes, CancellationToken cancellationToken) =>
        TryReleaseJobAsync(result, changes, JobState.Running, cancellationToken);

    public async Task<bool> TryReleaseJobAsync(JobResult result, JobChanges changes, JobState from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(changes);
        CheckTransition(from, JobState.Released);
        var released = false;
        await WriteAsync("result", result.JobId, async (connection, transaction) =>
        {
            await using (var update = BindTransition(
                connection.Command(TransitionSql, transaction), result.JobId, from, JobState.Released, changes))
            {
                if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    return;
                }
            }

            await using (var forget = connection.Command("DELETE FROM held_outputs WHERE job_id = @job_id", transaction).With("job_id", result.JobId))
            {
                await forget.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var insert = connection.Command(
                $"INSERT INTO results ({ResultColumns}) VALUES (@job_id, @envelope, @receipt_json, @output_digest, @log_index, @created_at)",
                transaction)
                .With("job_id", result.JobId)
                .With("envelope", result.Envelope.ToArray())
                .With("receipt_json", result.ReceiptJson)
                .With("output_digest", result.OutputDigest)
                .With("log_index", result.LogIndex)
                .With("created_at", database.ToDb(result.CreatedAt));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            released = true;
        }, cancellationToken).ConfigureAwait(false);
        return released;
    }

    public async Task<bool> TryHoldForReviewAsync(string jobId, ReadOnlyMemory<byte> output, JobChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        ArgumentNullException.ThrowIfNull(changes);
        var held = false;
        await WriteAsync("held output", jobId, async (connection, transaction) =>
        {
            await using (var update = BindTransition(
                connection.Command(TransitionSql, transaction), jobId, JobState.Running, JobState.PendingReview, changes))
            {
                if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    return;
                }
            }

            await using var insert = connection.Command("INSERT INTO held_outputs (job_id, output, created_at) VALUES (@job_id, @output, @created_at)", transaction)
                .With("job_id", jobId)
                .With("output", output.ToArray())
                .With("created_at", database.ToDb(changes.FinishedAt ?? DateTimeOffset.UtcNow));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            held = true;
        }, cancellationToken).ConfigureAwait(false);
        return held;
    }

    public async Task<byte[]?> GetHeldOutputAsync(string jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var outputs = await QueryAsync(
            "SELECT output FROM held_outputs WHERE job_id = @job_id", c => c.With("job_id", jobId), reader => (byte[])reader.GetValue(0), cancellationToken)
            .ConfigureAwait(false);
        return outputs.Count == 0 ? null : outputs[0];
    }

    public async Task<bool> TryRefuseReviewAsync(string jobId, JobChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        ArgumentNullException.ThrowIfNull(changes);
        var refused = false;
        await WriteAsync("review", jobId, async (connection, transaction) =>
        {
            await using (var update = BindTransition(
                connection.Command(TransitionSql, transaction), jobId, JobState.PendingReview, JobState.Refused, changes))
            {
                if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    return;
                }
            }

            await using var forget = connection.Command("DELETE FROM held_outputs WHERE job_id = @job_id", transaction).With("job_id", jobId);
            await forget.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            refused = true;
        }, cancellationToken).ConfigureAwait(false);
        return refused;
    }

    public async Task<bool> AddRowsProcessedAsync(string jobId, long rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        return await ExecuteAsync(
            "UPDATE jobs SET rows_processed = rows_processed + @rows WHERE id = @id",
            c => c.With("id", jobId).With("rows", rows),
            cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<int> MarkInterruptedJobsFailedAsync(string reason, string? runnerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var sql = "UPDATE jobs SET state = @failed, reason = @reason, finished_at = @now WHERE state = @running" +
            (runnerId is null ? string.Empty : " AND runner_id = @runner_id");
        var failed = await ExecuteAsync(sql, c =>
        {
            c.With("failed", SqlNames.Of(JobState.Failed))
                .With("running", SqlNames.Of(JobState.Running))
                .With("reason", reason)
                .With("now", database.ToDb(database.Time.GetUtcNow()));
            if (runnerId is not null)
            {
                c.With("runner_id", runnerId);
            }
        }, cancellationToken).ConfigureAwait(false);
        if (failed > 0)
        {
            Log.InterruptedJobsFailed(_logger, failed, runnerId, reason);
        }

        return failed;
    }

    public async Task<JobResult?> GetResultAsync(string jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var results = await QueryAsync(
            $"SELECT {ResultColumns} FROM results WHERE job_id = @job_id", c => c.With("job_id", jobId), ReadResult, cancellationToken)
            .ConfigureAwait(false);
        return results.Count == 0 ? null : results[0];
    }

    private static void CheckTransition(JobState expected, JobState next)
    {
        if (!JobTransitions.IsAllowed(expected, next))
        {
            throw new ArgumentException($"a job cannot move from {expected} to {next}", nameof(next));
        }
    }

    private DbCommand BindTransition(DbCommand command, string jobId, JobState expected, JobState next, JobChanges changes) =>
        command
            .With("id", jobId)
            .With("expected", SqlNames.Of(expected))
            .With("next", SqlNames.Of(next))
            .With("reason", changes.Reason)
            .With("approval_signature", changes.ApprovalSignature)
            .With("runner_id", changes.RunnerId)
            .With("approved_at", database.ToDb(changes.ApprovedAt))
            .With("started_at", database.ToDb(changes.StartedAt))
            .With("finished_at", database.ToDb(changes.FinishedAt))
            .With("attempt_increment", next == JobState.Running ? 1 : 0);

    private Job ReadJob(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        AgreementId = reader.GetString(1),
        OperatorId = reader.GetString(2),
        DataUserId = reader.GetString(3),
        DataUserPublicKeyPem = reader.GetString(4),
        ModuleDigest = reader.GetString(5),
        ManifestJson = reader.GetString(6),
        State = SqlNames.ToJobState(reader.GetString(7)),
        Reason = reader.GetNullableString(8),
        ApprovalSignature = reader.GetNullableString(9),
        RunnerId = reader.GetNullableString(10),
        SubmittedAt = database.ReadTime(reader, 11),
        ApprovedAt = database.ReadNullableTime(reader, 12),
        StartedAt = database.ReadNullableTime(reader, 13),
        FinishedAt = database.ReadNullableTime(reader, 14),
        Attempt = reader.GetInt32(15),
        RowsProcessed = reader.GetInt64(16),
    };

    private JobResult ReadResult(DbDataReader reader) => new()
    {
        JobId = reader.GetString(0),
        Envelope = (byte[])reader.GetValue(1),
        ReceiptJson = reader.GetString(2),
        OutputDigest = reader.GetString(3),
        LogIndex = reader.GetInt64(4),
        CreatedAt = database.ReadTime(reader, 5),
    };
}
