namespace DataSpace.Connector.Model;

/// <summary>One public key of a party, as it signs requests (RFC 9421 <c>keyid</c>).</summary>
/// <param name="KeyId">The key id a signed request names; unique across all parties.</param>
/// <param name="PublicKeyPem">The public key as a PEM-encoded SubjectPublicKeyInfo.</param>
public sealed record PartyKey(string KeyId, string PublicKeyPem);
