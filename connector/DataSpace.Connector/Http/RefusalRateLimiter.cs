using System.Net;
using System.Threading.RateLimiting;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Telemetry;
using Microsoft.Extensions.Options;

namespace DataSpace.Connector.Http;

/// <summary>
/// A token bucket per remote address (System.Threading.RateLimiting) for the requests the connector refuses before any
/// work: <c>Connector:RateLimit</c>. Idle buckets are dropped by the partitioned limiter.
/// </summary>
internal sealed class RefusalRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress> _addresses;
    private readonly ConnectorMetrics? _metrics;

    public RefusalRateLimiter(IOptions<ConnectorOptions> options, ConnectorMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _metrics = metrics;
        var limits = options.Value.RateLimit;
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.RefusedBurst,
            TokensPerPeriod = limits.RefusedPermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        Func<IPAddress, TokenBucketRateLimiterOptions> factory = _ => bucket;
        _addresses = PartitionedRateLimiter.Create<IPAddress, IPAddress>(ip => RateLimitPartition.GetTokenBucketLimiter(ip, factory));
    }

    /// <summary>Counts one refusal of <paramref name="address"/>; null when within its bucket, else how long until a token is free.</summary>
    public TimeSpan? TryAcquire(IPAddress? address)
    {
        using var lease = _addresses.AttemptAcquire(address ?? IPAddress.None);
        if (lease.IsAcquired)
        {
            return null;
        }

        _metrics?.RateLimited();
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => _addresses.Dispose();
}
