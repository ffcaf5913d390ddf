using DataSpace.Gateway.Authentication;
using DataSpace.Gateway.Diagnostics;
using DataSpace.Gateway.Forwarding;
using Yarp.ReverseProxy;

namespace DataSpace.Gateway.Hosting;

/// <summary>
/// The gateway's own <c>GET /health/live</c> (it answers) and <c>GET /health/ready</c> (a trust list is loaded and at
/// least one replica may take requests): 200, or 503 when not ready.
/// </summary>
internal static class GatewayHealthApi
{
    public static IEndpointRouteBuilder MapGatewayHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health/live", (TrustList trustList, IProxyStateLookup proxy) => Report(trustList, proxy, live: true));
        endpoints.MapGet("/health/ready", (TrustList trustList, IProxyStateLookup proxy) => Report(trustList, proxy, live: false));
        return endpoints;
    }

    /// <summary>How many replicas may take requests now, and how many there are.</summary>
    public static (int Available, int All) Replicas(IProxyStateLookup proxy)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        return proxy.TryGetCluster(GatewayRoutes.ClusterId, out var cluster)
            ? (cluster.DestinationsState.AvailableDestinations.Count, cluster.DestinationsState.AllDestinations.Count)
            : (0, 0);
    }

    private static IResult Report(TrustList trustList, IProxyStateLookup proxy, bool live)
    {
        var snapshot = trustList.Current;
        var (available, all) = Replicas(proxy);
        var ready = snapshot.Loaded && available > 0;
        var healthy = live || ready;
        return TypedResults.Json(
            new GatewayHealthResponse(healthy ? "Healthy" : "Unhealthy", snapshot.Loaded, snapshot.Count, available, all),
            GatewayJsonContext.Default.GatewayHealthResponse,
            statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
