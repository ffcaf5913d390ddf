namespace DataSpace.Connector.Hosting;

/// <summary>
/// The <c>Connector:RateLimit</c> section: a token bucket per remote address for the requests the connector refuses
/// before any work (unsigned or failed signatures, forged assertions, no Host). An empty bucket turns the refusal into
/// 429 with <c>Retry-After</c>; requests that verify are never counted, so the gateway's own address is not held up by
/// the refusals it forwards.
/// </summary>
public sealed class ConnectorRateLimitOptions
{
    /// <summary>Tokens added to an address's bucket each second.</summary>
    public int RefusedPermitsPerSecond { get; set; } = 20;

    /// <summary>The size of an address's bucket.</summary>
    public int RefusedBurst { get; set; } = 100;
}
