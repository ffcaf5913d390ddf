using System.Net;
using System.Threading.RateLimiting;
using DataSpace.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace DataSpace.Gateway.RateLimiting;

/// <summary>
/// Token buckets (System.Threading.RateLimiting, as ASP.NET Core's rate limiting uses them): one per verified party,
/// and one per remote address for unsigned requests and requests that fail verification. Idle buckets are dropped
/// by the partitioned limiter.
/// </summary>
internal sealed class GatewayRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _parties;
    private readonly PartitionedRateLimiter<IPAddress> _addresses;

    public GatewayRateLimiter(IOptions<GatewayOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = options.Value.RateLimit;
        var party = Bucket(limits.PermitsPerSecond, limits.Burst);
        var address = Bucket(limits.UnauthenticatedPermitsPerSecond, limits.UnauthenticatedBurst);
        Func<string, TokenBucketRateLimiterOptions> partyFactory = _ => party;
        Func<IPAddress, TokenBucketRateLimiterOptions> addressFactory = _ => address;
        _parties = PartitionedRateLimiter.Create<string, string>(id => RateLimitPartition.GetTokenBucketLimiter(id, partyFactory));
        _addresses = PartitionedRateLimiter.Create<IPAddress, IPAddress>(ip => RateLimitPartition.GetTokenBucketLimiter(ip, addressFactory));
    }

    /// <summary>Takes a token from the party's bucket; null when granted, else how long until one is free.</summary>
    public TimeSpan? TryAcquireForParty(string partyId) => Acquire(_parties, partyId);

    /// <summary>Takes a token from the address's bucket of unsigned or failed requests.</summary>
    public TimeSpan? TryAcquireForAddress(IPAddress? address) => Acquire(_addresses, address ?? IPAddress.None);

    /// <summary>True when the address has used up its bucket: its requests are refused before any verification work.</summary>
    public bool IsAddressExhausted(IPAddress? address) =>
        _addresses.GetStatistics(address ?? IPAddress.None) is { CurrentAvailablePermits: <= 0 };

    public void Dispose()
    {
        _parties.Dispose();
        _addresses.Dispose();
    }

    private static TimeSpan? Acquire<T>(PartitionedRateLimiter<T> limiter, T key)
    {
        using var lease = limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
    }

    private static TokenBucketRateLimiterOptions Bucket(int perSecond, int burst) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
