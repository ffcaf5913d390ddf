namespace DataSpace.Gateway.Authentication;

/// <summary>What the gateway learned about one request: who signed it (null when unsigned or refused).</summary>
internal sealed class GatewayRequestFeature
{
    /// <summary>The verified key and its party; null for the public checkpoint and for refused requests.</summary>
    public TrustedKey? Signer { get; set; }

    /// <summary>The verified key id (the client's <c>keyid</c>).</summary>
    public string? KeyId { get; set; }

    /// <summary>
    /// The nonce of the client's signature: the gateway's assertion carries it, so that the connector remembers it where
    /// it remembers the nonces of requests signed to it directly (docs/gateway.md, "Replays").
    /// </summary>
    public string? Nonce { get; set; }
}
