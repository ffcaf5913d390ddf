using System.Text.Json.Nodes;
using DataSpace.Connector.Hosting;
using DataSpace.Crypto.Federation;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Connector.Federation;

/// <summary>A federated job's run context: its stored federation, the parsed request and the participants' checked public keys.</summary>
internal sealed record FederatedRun(FederationRecord Record, FederationRequest Request, IReadOnlyDictionary<string, byte[]> Keys)
{
    /// <summary>The run context of a stored federation whose key set is in; null while it is not.</summary>
    public static FederatedRun? Of(FederationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.KeysJson is null)
        {
            return null;
        }

        var request = FederationRequest.Of(record);
        return new FederatedRun(record, request, FederationMessages.StoredKeys(record.KeysJson));
    }
}

/// <summary>
/// A participant's side of secure aggregation (docs/federation.md, "Masking"): its partial masked with a pairwise
/// mask for every other participant, and the signed vector handed to the aggregator (or, on the aggregator, to its
/// own inbox).
/// </summary>
internal sealed class FederationContributor(
    FederationMasks masks, FederationPeers peers, FederationInbox inbox, Storage.IConnectorStore store, SigningKey connectorKey, ConnectorIdentity identity)
{
    /// <summary>The partial plus, per peer, the expansion of the seed shared with it (added or subtracted by id order), modulo 2^64.</summary>
    public ulong[] Mask(FederatedRun run, long[] partial)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var pair = masks.KeyPair(run.Request);
        var binding = FederationMasks.Binding(run.Request);
        var seeds = run.Request.Participants
            .Where(p => p.Connector != identity.KeyId)
            .Select(p => (p.Connector, pair.SharedSeed(run.Keys[p.Connector], binding, identity.KeyId, p.Connector)))
            .ToList();
        try
        {
            return SecureAggregation.Mask(partial, identity.KeyId, seeds);
        }
        finally
        {
            foreach (var (_, seed) in seeds)
            {
                Array.Clear(seed);
            }
        }
    }

    /// <summary>Why the federation was aborted, as this connector knows it (the aggregator stores aborts); null while it stands.</summary>
    public async Task<string?> AbortedReasonAsync(FederatedRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return (await store.GetFederationAsync(run.Record.FederationId, cancellationToken).ConfigureAwait(false))?.AbortedReason;
    }

    /// <summary>Signs the vector statement naming the contribution's log entry and hands it to the aggregator; throws when it is not taken.</summary>
    public async Task DeliverAsync(FederatedRun run, string jobId, long logIndex, ulong[] masked, long minGroupSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var statement = FederationMessages.VectorStatement(run.Request, jobId, logIndex, masked, minGroupSize, connectorKey);
        if (run.Request.Aggregator == identity.KeyId)
        {
            if (await inbox.AcceptVectorAsync(run.Request.FederationId, identity.KeyId, statement, cancellationToken).ConfigureAwait(false) is { } problem)
            {
                throw new FederationPeerException($"this connector's own inbox refused its vector: {problem.Detail}");
            }

            return;
        }

        var aggregator = run.Request.Participant(run.Request.Aggregator)!;
        await peers.PostAsync(aggregator.Url, $"/api/v1/federations/{Uri.EscapeDataString(run.Request.FederationId)}/vectors",
            new { statement = JsonNode.Parse(statement.ToString()) }, cancellationToken).ConfigureAwait(false);
    }
}
