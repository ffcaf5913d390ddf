using System.Diagnostics.Metrics;
using DataSpace.Gateway.Forwarding;
using Yarp.ReverseProxy;

namespace DataSpace.Gateway.Diagnostics;

/// <summary>
/// The gateway's instruments, on the meter <see cref="MeterName"/> (docs/gateway.md, "Metrics and traces"; aspnetcore's
/// <c>RateLimitingMetrics</c> is the model). Labels are small fixed vocabularies (a failure reason, a limiter, a replica
/// of the configuration): never a party, an address, a key id or a path, so a client cannot add a series.
/// </summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "DataSpace.Gateway";

    private readonly Counter<long> _signatureFailures;
    private readonly Counter<long> _rateLimited;

    public GatewayMetrics(IMeterFactory meters, IProxyStateLookup proxy)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(proxy);
        var meter = meters.Create(MeterName, typeof(GatewayMetrics).Assembly.GetName().Version?.ToString());
        _signatureFailures = meter.CreateCounter<long>(
            "dataspace.gateway.signature.failures", "{request}", "Requests refused with 401 because their signature did not verify, by reason");
        _rateLimited = meter.CreateCounter<long>(
            "dataspace.gateway.rate_limit.rejections", "{request}", "Requests refused with 429, by the bucket that ran dry");
        meter.CreateObservableGauge(
            "dataspace.gateway.replica.available",
            () => Replicas(proxy),
            "{replica}",
            "1 while a connector replica may take requests (its health checks pass or have not failed yet), else 0; by replica");
    }

    /// <summary>A signature was refused for <paramref name="reason"/> (an <see cref="Crypto.HttpSignatures.HttpSignatureFailure"/> name).</summary>
    public void SignatureRefused(string reason) => _signatureFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>A request was refused by the <paramref name="limiter"/> bucket: <c>party</c>, <c>address</c> or <c>address_paused</c>.</summary>
    public void RateLimited(string limiter) => _rateLimited.Add(1, new KeyValuePair<string, object?>("limiter", limiter));

    private static IEnumerable<Measurement<int>> Replicas(IProxyStateLookup proxy)
    {
        if (!proxy.TryGetCluster(GatewayRoutes.ClusterId, out var cluster))
        {
            yield break;
        }

        var available = cluster.DestinationsState.AvailableDestinations;
        foreach (var destination in cluster.DestinationsState.AllDestinations)
        {
            yield return new Measurement<int>(available.Contains(destination) ? 1 : 0, new KeyValuePair<string, object?>("replica", destination.DestinationId));
        }
    }
}
