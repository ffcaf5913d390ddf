using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using DataSpace.Crypto.Federation;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;

namespace DataSpace.Connector.Federation;

/// <summary>
/// The signed messages of a federation besides the request (docs/federation.md, "Messages"), each naming the
/// federation and the request's digest: a participant's key statement (its per-federation key-agreement public key)
/// and its vector statement (its masked partial, with the index of the log entry that recorded it).
/// </summary>
internal static class FederationMessages
{
    public const string KeyType = "dataspace/federation-key/v1";

    public const string VectorType = "dataspace/federation-vector/v1";

    /// <summary>This connector's key statement: its mask key pair's public key for the federation.</summary>
    public static SignedStatement KeyStatement(FederationRequest request, MaskKeyPair pair, SigningKey connectorKey) =>
        SignedStatement.Sign(KeyType, new JsonObject
        {
            ["federation"] = request.FederationId,
            ["request"] = request.Digest,
            ["participant"] = connectorKey.PublicKey.KeyId,
            ["keyAgreement"] = MaskAgreements.Name(request.KeyAgreement),
            ["publicKey"] = Convert.ToBase64String(pair.PublicKey),
        }, connectorKey);

    /// <summary>This connector's vector statement: the masked partial, its digest, the contribution's log entry and the participant's minimum group size.</summary>
    public static SignedStatement VectorStatement(
        FederationRequest request, string jobId, long logIndex, ulong[] masked, long minGroupSize, SigningKey connectorKey) =>
        SignedStatement.Sign(VectorType, new JsonObject
        {
            ["federation"] = request.FederationId,
            ["request"] = request.Digest,
            ["participant"] = connectorKey.PublicKey.KeyId,
            ["job"] = jobId,
            ["logIndex"] = logIndex,
            ["digest"] = SecureAggregation.DigestOf(masked),
            ["minGroupSize"] = minGroupSize,
            ["vector"] = SecureAggregation.Encode(masked),
        }, connectorKey);

    /// <summary>
    /// The public key of participant <paramref name="connector"/>: this connector's own, or a peer's from the trust list,
    /// where it must be in the federation role; null with the reason otherwise.
    /// </summary>
    public static async Task<(PublicKey? Key, string? Problem)> PeerKeyAsync(
        IConnectorStore store, ConnectorIdentity identity, string connector, CancellationToken cancellationToken)
    {
        if (connector == identity.KeyId)
        {
            return (PublicKey.ImportPem(identity.PublicKeyPem), null);
        }

        var party = await store.GetPartyByKeyIdAsync(connector, cancellationToken).ConfigureAwait(false);
        if (party is not { Role: PartyRole.Federation })
        {
            return (null, $"connector {connector} is not on this connector's trust list as a peer in the federation role");
        }

        var key = party.Keys.First(k => k.KeyId == connector);
        return (PublicKey.ImportPem(key.PublicKeyPem), null);
    }

    /// <summary>
    /// Checks a key set the operator brings: exactly one key statement per participant, each signed by that participant's
    /// connector key, naming this federation and request, in the request's key agreement, with a valid public key; this
    /// connector's own must be the key it derives. Returns the public keys by participant, or the reason it is refused.
    /// </summary>
    public static async Task<(IReadOnlyDictionary<string, byte[]>? Keys, string? Problem)> CheckKeySetAsync(
        FederationRequest request, JsonArray statements, byte[] ownPublicKey, IConnectorStore store, ConnectorIdentity identity, CancellationToken cancellationToken)
    {
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < statements.Count; i++)
        {
            SignedStatement statement;
            try
            {
                statement = SignedStatement.Parse(statements[i]?.ToJsonString() ?? "null");
            }
            catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
            {
                return (null, $"keys[{i}]: not a signed statement: {e.Message}");
            }

            var participant = Text(statement, "participant");
            if (participant is null || request.Participant(participant) is null)
            {
                return (null, $"keys[{i}]: '{participant}' is not a participant of federation {request.FederationId}");
            }

            if (keys.ContainsKey(participant))
            {
                return (null, $"keys[{i}]: participant {participant} has a key already");
            }

            var (peerKey, problem) = await PeerKeyAsync(store, identity, participant, cancellationToken).ConfigureAwait(false);
            if (peerKey is null)
            {
                return (null, $"keys[{i}]: {problem}");
            }

            if (!statement.Verify(peerKey, KeyType, out var error))
            {
                return (null, $"keys[{i}] of {participant}: {error}");
            }

            if (Text(statement, "federation") != request.FederationId || Text(statement, "request") != request.Digest
                || Text(statement, "keyAgreement") != MaskAgreements.Name(request.KeyAgreement))
            {
                return (null, $"keys[{i}] of {participant}: it names another federation, request or key agreement");
            }

            byte[] publicKey;
            try
            {
                publicKey = Convert.FromBase64String(Text(statement, "publicKey") ?? "");
            }
            catch (FormatException)
            {
                return (null, $"keys[{i}] of {participant}: publicKey is not base64");
            }

            if (!MaskKeyPair.IsValidPublicKey(request.KeyAgreement, publicKey, out var keyProblem))
            {
                return (null, $"keys[{i}] of {participant}: {keyProblem}");
            }

            if (participant == identity.KeyId && !publicKey.AsSpan().SequenceEqual(ownPublicKey))
            {
                return (null, $"keys[{i}]: this connector's key statement is not the key it derives for federation {request.FederationId}");
            }

            keys[participant] = publicKey;
        }

        var missing = request.Participants.Where(p => !keys.ContainsKey(p.Connector)).Select(p => p.Connector).ToList();
        return missing.Count > 0 ? (null, $"keys: no key statement of {string.Join(", ", missing)}") : (keys, null);
    }

    /// <summary>The public keys by participant of a stored key set (checked when it was stored).</summary>
    public static IReadOnlyDictionary<string, byte[]> StoredKeys(string keysJson)
    {
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var node in JsonNode.Parse(keysJson)!.AsArray())
        {
            var statement = SignedStatement.Parse(node!.ToJsonString());
            keys[Text(statement, "participant")!] = Convert.FromBase64String(Text(statement, "publicKey")!);
        }

        return keys;
    }

    public static string? Text(SignedStatement statement, string name) =>
        statement.Body[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
