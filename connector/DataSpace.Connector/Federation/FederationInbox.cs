using System.Text.Json.Nodes;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Model;
using DataSpace.Connector.Plans;
using DataSpace.Connector.Storage;
using DataSpace.Crypto.Federation;
using DataSpace.Crypto.Statements;
using DataSpace.Sandbox.Plans;

namespace DataSpace.Connector.Federation;

/// <summary>A refusal of a federation message: the HTTP status and what is wrong.</summary>
internal sealed record FederationProblem(int Status, string Detail);

/// <summary>
/// The aggregator's inbox (docs/federation.md, "Aggregation"): a participant's signed masked vector is taken only from
/// that participant's connector, signed by it, for this federation and request, of the plan's length and with the
/// digest it states; once per participant, and never after the federation was aborted or closed.
/// </summary>
internal sealed class FederationInbox(IConnectorStore store, ConnectorIdentity identity, FederationSignal signal, TimeProvider time)
{
    /// <summary>Null when the vector was stored; otherwise why not.</summary>
    public async Task<FederationProblem?> AcceptVectorAsync(string federationId, string fromConnector, SignedStatement statement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var record = await store.GetFederationAsync(federationId, cancellationToken).ConfigureAwait(false);
        if (record is null || !record.IsAggregator)
        {
            return new(404, $"this connector aggregates no federation '{federationId}'");
        }

        if (record.AbortedReason is { } aborted)
        {
            return new(409, $"federation {federationId} was aborted: {aborted}");
        }

        var job = await store.GetJobAsync(record.JobId, cancellationToken).ConfigureAwait(false);
        if (job is null || job.State is JobState.Released or JobState.Refused or JobState.Rejected or JobState.Failed)
        {
            return new(409, $"federation {federationId} is closed");
        }

        var request = FederationRequest.Of(record);
        if (request.Participant(fromConnector) is null)
        {
            return new(403, $"connector {fromConnector} is not a participant of federation {federationId}");
        }

        var (key, problem) = await FederationMessages.PeerKeyAsync(store, identity, fromConnector, cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            return new(403, problem!);
        }

        if (!statement.Verify(key, FederationMessages.VectorType, out var error))
        {
            return new(400, "statement: " + error);
        }

        if (FederationMessages.Text(statement, "participant") != fromConnector || FederationMessages.Text(statement, "federation") != federationId
            || FederationMessages.Text(statement, "request") != request.Digest)
        {
            return new(400, "statement: it names another participant, federation or request");
        }

        var expected = await VectorLengthAsync(request, cancellationToken).ConfigureAwait(false);
        if (!SecureAggregation.TryDecode(FederationMessages.Text(statement, "vector"), expected, out var vector, out var decodeProblem))
        {
            return new(400, "statement: vector " + decodeProblem);
        }

        if (vector.Length != expected)
        {
            return new(400, $"statement: the vector has {vector.Length} values; the plan's partial has {expected}");
        }

        var digest = SecureAggregation.DigestOf(vector);
        if (FederationMessages.Text(statement, "digest") != digest)
        {
            return new(400, "statement: digest is not the vector's");
        }

        if (statement.Body["minGroupSize"] is not JsonValue size || !size.TryGetValue<long>(out var minGroupSize) || minGroupSize < 1
            || statement.Body["logIndex"] is not JsonValue index || !index.TryGetValue<long>(out var logIndex) || logIndex < 0)
        {
            return new(400, "statement: minGroupSize (at least 1) and logIndex (at least 0) are required");
        }

        var stored = await store.AddFederationVectorAsync(new FederationVector
        {
            FederationId = federationId,
            Participant = fromConnector,
            StatementJson = statement.ToString(),
            Digest = digest,
            ReceivedAt = time.GetUtcNow(),
        }, cancellationToken).ConfigureAwait(false);
        if (!stored)
        {
            return new(409, $"connector {fromConnector} has sent its vector for federation {federationId} already");
        }

        signal.Wake();
        return null;
    }

    /// <summary>The length of the plan's partial, bound over the aggregator's own dataset (every participant's has the plan's columns).</summary>
    public async Task<int> VectorLengthAsync(FederationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var dataset = await OwnDatasetAsync(request, cancellationToken).ConfigureAwait(false);
        return FederatedPlans.VectorLength(PlanDocument.Parse(System.Text.Encoding.UTF8.GetBytes(request.Plan.ToJsonString())).Plan, PlanDatasets.Of(dataset));
    }

    /// <summary>This connector's dataset in <paramref name="request"/>.</summary>
    public async Task<Dataset> OwnDatasetAsync(FederationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var participant = request.Participant(identity.KeyId) ?? throw new InvalidOperationException($"this connector is not in federation {request.FederationId}");
        return await store.GetDatasetAsync(participant.Dataset, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"dataset {participant.Dataset} of federation {request.FederationId} is missing");
    }
}
