using System.Data.Common;
using DataSpace.Connector.Federation;
using DataSpace.Connector.Model;

namespace DataSpace.Connector.Storage.Sql;

/// <summary>Federations (docs/federation.md): the request, the key set and an abort are each written once; vectors once per participant.</summary>
internal sealed partial class SqlConnectorStore
{
    private const string FederationColumns = "f.federation_id, f.job_id, f.request_json, f.aggregator, f.keys_json, f.aborted_reason, f.created_at";

    public Task AddFederationAsync(FederationRecord federation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(federation);
        return WriteAsync("federation", federation.FederationId, async (connection, transaction) =>
        {
            await using var insert = connection.Command(
                "INSERT INTO federations (federation_id, job_id, request_json, aggregator, keys_json, aborted_reason, created_at) " +
                "VALUES (@federation_id, @job_id, @request_json, @aggregator, NULL, NULL, @created_at)", transaction)
                .With("federation_id", federation.FederationId)
                .With("job_id", federation.JobId)
                .With("request_json", federation.RequestJson)
                .With("aggregator", federation.IsAggregator ? 1 : 0)
                .With("created_at", database.ToDb(federation.CreatedAt));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public async Task<FederationRecord?> GetFederationAsync(string federationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(federationId);
        var found = await QueryAsync($"SELECT {FederationColumns} FROM federations f WHERE f.federation_id = @id",
            c => c.With("id", federationId), ReadFederation, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<FederationRecord?> GetFederationOfJobAsync(string jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var found = await QueryAsync($"SELECT {FederationColumns} FROM federations f WHERE f.job_id = @id",
            c => c.With("id", jobId), ReadFederation, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<bool> SetFederationKeysAsync(string federationId, string keysJson, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE federations SET keys_json = @keys WHERE federation_id = @id AND keys_json IS NULL",
            c => c.With("keys", keysJson).With("id", federationId), cancellationToken).ConfigureAwait(false) == 1;

    public async Task<bool> AbortFederationAsync(string federationId, string reason, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE federations SET aborted_reason = @reason WHERE federation_id = @id AND aborted_reason IS NULL",
            c => c.With("reason", reason).With("id", federationId), cancellationToken).ConfigureAwait(false) == 1;

    public async Task<bool> AddFederationVectorAsync(FederationVector vector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vector);
        try
        {
            await WriteAsync("federation vector", $"{vector.FederationId}/{vector.Participant}", async (connection, transaction) =>
            {
                await using var insert = connection.Command(
                    "INSERT INTO federation_vectors (federation_id, participant, statement_json, digest, received_at) " +
                    "VALUES (@federation_id, @participant, @statement_json, @digest, @received_at)", transaction)
                    .With("federation_id", vector.FederationId)
                    .With("participant", vector.Participant)
                    .With("statement_json", vector.StatementJson)
                    .With("digest", vector.Digest)
                    .With("received_at", database.ToDb(vector.ReceivedAt));
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StoreConflictException e) when (e.Reason == StoreConflictReason.DuplicateId)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<FederationVector>> ListFederationVectorsAsync(string federationId, CancellationToken cancellationToken) =>
        await QueryAsync(
            "SELECT federation_id, participant, statement_json, digest, received_at FROM federation_vectors WHERE federation_id = @id ORDER BY participant",
            c => c.With("id", federationId),
            reader => new FederationVector
            {
                FederationId = reader.GetString(0),
                Participant = reader.GetString(1),
                StatementJson = reader.GetString(2),
                Digest = reader.GetString(3),
                ReceivedAt = database.ReadTime(reader, 4),
            },
            cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<FederationRecord>> ListFederationsAsync(JobState state, bool standingOnly, CancellationToken cancellationToken) =>
        await QueryAsync(
            $"SELECT {FederationColumns} FROM federations f JOIN jobs j ON j.id = f.job_id WHERE j.state = @state" +
            (standingOnly ? " AND f.aborted_reason IS NULL" : "") + " ORDER BY f.created_at",
            c => c.With("state", SqlNames.Of(state)), ReadFederation, cancellationToken).ConfigureAwait(false);

    private FederationRecord ReadFederation(DbDataReader reader) => new()
    {
        FederationId = reader.GetString(0),
        JobId = reader.GetString(1),
        RequestJson = reader.GetString(2),
        IsAggregator = Convert.ToInt64(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture) != 0,
        KeysJson = reader.GetNullableString(4),
        AbortedReason = reader.GetNullableString(5),
        CreatedAt = database.ReadTime(reader, 6),
    };
}
