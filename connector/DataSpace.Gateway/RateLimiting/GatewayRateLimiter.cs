using System.Collections.Concurrent;
using System.Net;
using System.Threading.RateLimiting;
using DataSpace.Gateway.Diagnostics;
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

    // Addresses whose bucket ran dry, with when it has a token again: checked before any verification work,
    // without touching the limiter (or allocating) while no address is paused.
    private readonly ConcurrentDictionary<IPAddress, long> _paused = new();
    private readonly TimeProvider _time;

    private readonly GatewayMetrics? _metrics;

    public GatewayRateLimiter(IOptions<GatewayOptions> options, TimeProvider time, GatewayMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _metrics = metrics;
        var limits = options.Value.RateLimit;
        var party = Bucket(limits.PermitsPerSecond, limits.Burst);
        var address = Bucket(limits.UnauthenticatedPermitsPerSecond, limits.UnauthenticatedBurst);
        Func<string, TokenBucketRateLimiterOptions> partyFactory = _ => party;
        Func<IPAddress, TokenBucketRateLimiterOptions> addressFactory = _ => address;
        _parties = PartitionedRateLimiter.Create<string, string>(id => RateLimitPartition.GetTokenBucketLimiter(id, partyFactory));
        _addresses = PartitionedRateLimiter.Create<IPAddress, IPAddress>(ip => RateLimitPartition.GetTokenBucketLimiter(ip, addressFactory));
    }

    /// <summary>Takes a token from the party's bucket; null when granted, else how long until one is free.</summary>
    public TimeSpan? TryAcquireForParty(string partyId) => Counted(Acquire(_parties, partyId), "party");

    /// <summary>Takes a token from the address's bucket of unsigned or failed requests; an empty bucket pauses the address.</summary>
    public TimeSpan? TryAcquireForAddress(IPAddress? address)
    {
        address ??= IPAddress.None;
        var wait = Counted(Acquire(_addresses, address), "address");
        if (wait is { } pause)
        {
            _paused[address] = _time.GetTimestamp() + (long)(pause.TotalSeconds * _time.TimestampFrequency);
        }

        return wait;
    }

    /// <summary>
    /// How long the address stays paused after running dry, or null: its requests are then refused before any
    /// verification work, signed ones included.
    /// </summary>
    public TimeSpan? PausedFor(IPAddress? address)
    {
        if (_paused.IsEmpty || !_paused.TryGetValue(address ?? IPAddress.None, out var until))
        {
            return null;
        }

        var now = _time.GetTimestamp();
        if (now >= until)
        {
            _paused.TryRemove(new KeyValuePair<IPAddress, long>(address ?? IPAddress.None, until));
            return null;
        }

        return Counted(_time.GetElapsedTime(now, until), "address_paused");
    }

    public void Dispose()
    {
        _parties.Dispose();
        _addresses.Dispose();
    }

    /// <summary>Counts a refusal (<c>dataspace.gateway.rate_limit.rejections</c>) by the bucket that made it.</summary>
    private TimeSpan? Counted(TimeSpan? wait, string limiter)
    {
        if (wait is not null)
        {
            _metrics?.RateLimited(limiter);
        }

        return wait;
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
