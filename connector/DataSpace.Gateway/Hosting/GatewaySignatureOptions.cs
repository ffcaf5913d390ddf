namespace DataSpace.Gateway.Hosting;

/// <summary>The <c>Gateway:Signatures</c> section: the replay window of client signatures (RFC 9421 section 7.2.2).</summary>
public sealed class GatewaySignatureOptions
{
    /// <summary>How old a signature's <c>created</c> may be.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Tolerated clock difference with clients, both ways.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many nonces the replay store holds; beyond it new requests are refused as replays.</summary>
    public int NonceCapacity { get; set; } = 1_000_000;
}
