namespace DataSpace.Gateway.Hosting;

/// <summary>
/// The <c>Gateway:RateLimit</c> section: a token bucket per verified party, and one per remote address for
/// unsigned requests (the public checkpoint) and requests that fail verification.
/// </summary>
public sealed class GatewayRateLimitOptions
{
    /// <summary>Tokens added to a party's bucket each second.</summary>
    public int PermitsPerSecond { get; set; } = 50;

    /// <summary>The size of a party's bucket: how many requests may come at once.</summary>
    public int Burst { get; set; } = 100;

    /// <summary>Tokens added each second to an address's bucket of unsigned or failed requests.</summary>
    public int UnauthenticatedPermitsPerSecond { get; set; } = 10;

    /// <summary>The size of an address's bucket of unsigned or failed requests.</summary>
    public int UnauthenticatedBurst { get; set; } = 20;
}
