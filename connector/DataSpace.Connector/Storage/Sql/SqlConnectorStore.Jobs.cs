using System.Data.Common;
using DataSpace.Connector.Model;

namespace DataSpace.Connector.Storage.Sql;

/// <summary>Jobs, their claimed state transitions, held outputs and results.</summary>
internal sealed partial class SqlConnectorStore
{
    private const string JobColumns =
        "id, agreement_id, operator_id, data_user_id, data_user_public_key, module_digest, manifest_json, state, reason, " +
        "approval_signature, runner_id, submitted_at, approved_at, started_at, finished_at, attempt, rows_processed, source_digest, program, meter_json";

    private const string ResultColumns = "job_id, envelope, receipt_json, output_digest, log_index, created_at";

    // The end of a transition: only the operation holding the job's claim can write it, and it clears the claim.
    private const string FinalizeSql =
        "UPDATE jobs SET state = @next, reason = COALESCE(@reason, reason), " +
        "approval_signature = COALESCE(@approval_signature, approval_signature), runner_id = COALESCE(@runner_id, runner_id), " +
        "approved_at = COALESCE(@approved_at, approved_at), started_at = COALESCE(@started_at, started_at), " +
        "finished_at = COALESCE(@finished_at, finished_at), attempt = attempt + @attempt_increment, " +
        "rows_processed = rows_processed + @rows, meter_json = COALESCE(@meter_json, meter_json), claim_id = NULL " +
        "WHERE id = @id AND claim_id = @op";

    public Task AddJobAsync(Job job, string? completes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentException.ThrowIfNullOrWhiteSpace(job.Id);
        return WriteAsync("job", job.Id, async (connection, transaction) =>
        {
            await using var insert = connection.Command(
                $"INSERT INTO jobs ({JobColumns}) VALUES (@id, @agreement_id, @operator_id, @data_user_id, @data_user_public_key, " +
                "@module_digest, @manifest_json, @state, @reason, @approval_signature, @runner_id, @submitted_at, @approved_at, " +
                "@started_at, @finished_at, @attempt, @rows_processed, @source_digest, @program, @meter_json)", transaction)
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
                .With("rows_processed", job.RowsProcessed)
                .With("source_digest", job.SourceDigest)
                .With("program", job.Program == JobProgram.Plan ? "plan" : "module")
                .With("meter_json", job.Meter?.ToJson());
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken, completes);
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

    public Task<bool> TryClaimJobAsync(string jobId, JobState from, PendingOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        return TryClaimAsync(
            "UPDATE jobs SET claim_id = @op WHERE id = @id AND state = @from AND claim_id IS NULL",
            c => c.With("id", jobId).With("from", SqlNames.Of(from)), operation, cancellationToken);
    }

    public Task<bool> FinalizeJobAsync(JobFinalization finalization, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(finalization);
        ArgumentOutOfRangeException.ThrowIfNegative(finalization.RowsProcessed);
        var (jobId, changes) = (finalization.JobId, finalization.Changes);
        return TryWriteAsync(finalization.Result is null ? "job" : "result", jobId, async (connection, transaction) =>
        {
            await using (var update = connection.Command(FinalizeSql, transaction)
                .With("id", jobId)
                .With("op", finalization.OperationId)
                .With("next", SqlNames.Of(finalization.To))
                .With("reason", changes.Reason)
                .With("approval_signature", changes.ApprovalSignature)
                .With("runner_id", changes.RunnerId)
                .With("approved_at", database.ToDb(changes.ApprovedAt))
                .With("started_at", database.ToDb(changes.StartedAt))
                .With("finished_at", database.ToDb(changes.FinishedAt))
                .With("attempt_increment", finalization.To == JobState.Running ? 1 : 0)
                .With("rows", finalization.RowsProcessed)
                .With("meter_json", finalization.Meter?.ToJson()))
            {
                if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    return false;
                }
            }

            if (finalization.To is JobState.Released or JobState.Refused)
            {
                await using var forget = connection.Command("DELETE FROM held_outputs WHERE job_id = @job_id", transaction).With("job_id", jobId);
                await forget.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (finalization.HeldOutput is { } held)
            {
                await using var keep = connection.Command(
                    "INSERT INTO held_outputs (job_id, output, created_at, leak_check_json) VALUES (@job_id, @output, @created_at, @leak_check_json)", transaction)
                    .With("job_id", jobId)
                    .With("output", held.ToArray())
                    .With("leak_check_json", finalization.HeldLeakCheckJson)
                    .With("created_at", database.ToDb(changes.FinishedAt ?? database.Time.GetUtcNow()));
                await keep.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (finalization.Detail is { } detail)
            {
                await using var hold = connection.Command("INSERT INTO held_details (job_id, text, key, created_at) VALUES (@job_id, @text, @key, @created_at)", transaction)
                    .With("job_id", jobId)
                    .With("text", detail.Text)
                    .With("key", detail.Key.ToArray())
                    .With("created_at", database.ToDb(detail.CreatedAt));
                await hold.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (finalization.Result is { } result)
            {
                await using var insert = connection.Command(
                    $"INSERT INTO results ({ResultColumns}) VALUES (@job_id, @envelope, @receipt_json, @output_digest, @log_index, @created_at)",
                    transaction)
                    .With("job_id", jobId)
                    .With("envelope", result.Envelope.ToArray())
                    .With("receipt_json", result.ReceiptJson)
                    .With("output_digest", result.OutputDigest)
                    .With("log_index", result.LogIndex)
                    .With("created_at", database.ToDb(result.CreatedAt));
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return true;
        }, cancellationToken, finalization.OperationId);
    }

    public async Task<byte[]?> GetHeldOutputAsync(string jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var outputs = await QueryAsync(
            "SELECT output FROM held_outputs WHERE job_id = @job_id", c => c.With("job_id", jobId), reader => (byte[])reader.GetValue(0), cancellationToken)
            .ConfigureAwait(false);
        return outputs.Count == 0 ? null : outputs[0];
    }

    public async Task<string?> GetHeldLeakCheckAsync(string jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var verdicts = await QueryAsync(
            "SELECT leak_check_json FROM held_outputs WHERE job_id = @job_id", c => c.With("job_id", jobId), reader => reader.GetNullableString(0), cancellationToken)
            .ConfigureAwait(false);
        return verdicts.Count == 0 ? null : verdicts[0];
    }

    public async Task<HeldDetail?> GetHeldDetailAsync(string jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var details = await QueryAsync(
            "SELECT job_id, text, key, created_at FROM held_details WHERE job_id = @job_id",
            c => c.With("job_id", jobId),
            reader => new HeldDetail { JobId = reader.GetString(0), Text = reader.GetString(1), Key = (byte[])reader.GetValue(2), CreatedAt = database.ReadTime(reader, 3) },
            cancellationToken).ConfigureAwait(false);
        return details.Count == 0 ? null : details[0];
    }

    public async Task<JobResult?> GetResultAsync(string jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var results = await QueryAsync(
            $"SELECT {ResultColumns} FROM results WHERE job_id = @job_id", c => c.With("job_id", jobId), ReadResult, cancellationToken)
            .ConfigureAwait(false);
        return results.Count == 0 ? null : results[0];
    }

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
        SourceDigest = reader.GetNullableString(17),
        Program = reader.GetString(18) == "plan" ? JobProgram.Plan : JobProgram.Module,
        Meter = reader.GetNullableString(19) is { } meter ? DataSpace.Crypto.Statements.MeterRecord.Parse(meter) : null,
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
