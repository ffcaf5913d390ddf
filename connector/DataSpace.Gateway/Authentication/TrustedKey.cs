using DataSpace.Crypto.Signatures;

namespace DataSpace.Gateway.Authentication;

/// <summary>A key on the connector's trust list with its party, parsed once and reused across refreshes.</summary>
internal sealed record TrustedKey(string PartyId, string Role, string Pem, PublicKey Key);
