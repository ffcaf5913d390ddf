namespace DataSpace.Connector.Hosting;

/// <summary>What <c>GET /api/v1/connector</c> answers: who this connector is and how to verify what it signs.</summary>
/// <param name="Id">The connector's id in the data space (Connector:Id, or its key id).</param>
/// <param name="Name">The configured display name.</param>
/// <param name="Suite">The suite of its key: ed25519, sm2 or p256.</param>
/// <param name="KeyId">The key id: hex of the first 16 bytes of SHA-256 over the public key's DER.</param>
/// <param name="PublicKeyPem">The public key as a PEM <c>PUBLIC KEY</c> block.</param>
/// <param name="LogOrigin">The origin line of its transparency log's checkpoints.</param>
/// <param name="Version">The connector's software version.</param>
public sealed record ConnectorIdentity(
    string Id,
    string Name,
    string Suite,
    string KeyId,
    string PublicKeyPem,
    string LogOrigin,
    string Version);
