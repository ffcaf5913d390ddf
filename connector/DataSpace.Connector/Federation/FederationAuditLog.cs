using DataSpace.Crypto.Signatures;

namespace DataSpace.Connector.Federation;

/// <summary>
/// One connector's log as <see cref="FederationAudit"/> reads it: an export folder (<c>checkpoint</c> and
/// <c>entries.jsonl</c>, docs/audit-log.md, "Export") and the connector's public key, whose key id names the connector
/// in the federation. The origin is the checkpoint's, by default <c>dataspace/&lt;key id&gt;</c>, as for
/// <c>dsc audit verify</c>.
/// </summary>
public sealed record FederationAuditLog(string ExportFolder, PublicKey Key, string? Origin = null)
{
    /// <summary>The connector's key id: the participant's name in the request and in the release's <c>vector:KEYID</c> digests.</summary>
    public string Connector => Key.KeyId;
}
