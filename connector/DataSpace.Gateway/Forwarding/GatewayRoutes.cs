using DataSpace.Gateway.Hosting;
using Yarp.ReverseProxy.Configuration;

namespace DataSpace.Gateway.Forwarding;

/// <summary>
/// The allow-list of routes forwarded to the connector (docs/gateway.md, "Routes"): method and path template.
/// Everything else (supplier-only routes, <c>/internal</c>, <c>/openapi</c>, the connector's <c>/health</c>) matches
/// none and is answered 404 by the gateway, never forwarded.
/// </summary>
internal static class GatewayRoutes
{
    public const string ClusterId = "connectors";

    /// <summary>The route forwarded without a signature: the connector serves the latest checkpoint to anyone.</summary>
    public const string PublicCheckpoint = "audit-checkpoint";

    /// <summary>The one route whose body may be as large as <c>Gateway:MaxUploadBytes</c>: a job with its module.</summary>
    public const string JobsSubmit = "jobs-submit";

    public static IReadOnlyList<(string Id, string[] Methods, string Path)> Table { get; } =
    [
        ("connector", ["GET"], "/api/v1/connector"),
        ("whoami", ["GET"], "/api/v1/whoami"),
        ("catalog", ["GET"], "/api/v1/catalog"),
        ("offers", ["GET"], "/api/v1/offers"),
        ("agreements", ["GET", "POST"], "/api/v1/agreements"),
        ("agreement-usage", ["GET"], "/api/v1/agreements/{agreementId}/usage"),
        (JobsSubmit, ["POST"], "/api/v1/jobs"),
        ("jobs", ["GET"], "/api/v1/jobs"),
        ("job", ["GET"], "/api/v1/jobs/{jobId}"),
        ("job-plan", ["GET"], "/api/v1/jobs/{jobId}/plan"),
        ("result", ["GET"], "/api/v1/results/{jobId}"),
        (PublicCheckpoint, ["GET"], "/api/v1/audit/checkpoint"),
        ("audit-entries", ["GET"], "/api/v1/audit/entries"),
        ("audit-inclusion", ["GET"], "/api/v1/audit/proof/inclusion"),
        ("audit-consistency", ["GET"], "/api/v1/audit/proof/consistency"),
        ("audit-export", ["GET"], "/api/v1/audit/export"),
        ("audit-search", ["GET"], "/api/v1/audit/search"),
        ("audit-disclosure", ["GET"], "/api/v1/audit/disclosure"),
        ("parties", ["GET"], "/api/v1/parties"),
        ("budget", ["GET"], "/api/v1/budget"),
        ("settlements", ["GET"], "/api/v1/settlements"),
        ("settlement", ["GET"], "/api/v1/settlements/{period}/{agreementId}"),
        ("federations", ["POST"], "/api/v1/federations"),
        ("federation", ["GET"], "/api/v1/federations/{federationId}"),
        ("federation-keys", ["POST"], "/api/v1/federations/{federationId}/keys"),
        ("federation-vectors", ["POST"], "/api/v1/federations/{federationId}/vectors"),
        ("federation-abort", ["POST"], "/api/v1/federations/{federationId}/abort"),
    ];

    /// <summary>True when the request matched the public checkpoint route.</summary>
    public static bool IsPublic(HttpContext context) =>
        context.GetReverseProxyFeature().Route.Config.RouteId == PublicCheckpoint;

    /// <summary>The largest body the matched route takes: the upload limit for a job submission, else the ordinary one.</summary>
    public static long BodyLimit(HttpContext context, GatewayOptions options) =>
        context.GetReverseProxyFeature().Route.Config.RouteId == JobsSubmit ? options.MaxUploadBytes : options.MaxRequestBodyBytes;

    public static IReadOnlyList<RouteConfig> Routes() =>
    [
        .. Table.Select(route => new RouteConfig
        {
            RouteId = route.Id,
            ClusterId = ClusterId,
            Match = new RouteMatch { Path = route.Path, Methods = route.Methods },
        }),
    ];

    public static IReadOnlyList<ClusterConfig> Clusters(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var health = options.HealthCheck;
        return
        [
            new ClusterConfig
            {
                ClusterId = ClusterId,
                LoadBalancingPolicy = "RoundRobin",
                Destinations = options.Connectors
                    .Select((url, i) => (Id: $"replica-{i}", Config: new DestinationConfig { Address = url }))
                    .ToDictionary(d => d.Id, d => d.Config, StringComparer.OrdinalIgnoreCase),
                HealthCheck = new HealthCheckConfig
                {
                    AvailableDestinationsPolicy = "HealthyAndUnknown",
                    Active = new ActiveHealthCheckConfig
                    {
                        Enabled = true,
                        Interval = health.Interval,
                        Timeout = health.Timeout,
                        Policy = "ConsecutiveFailures",
                        Path = health.Path,
                    },
                    Passive = new PassiveHealthCheckConfig
                    {
                        Enabled = true,
                        Policy = "TransportFailureRate",
                        ReactivationPeriod = health.Interval,
                    },
                },
                Metadata = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["ConsecutiveFailuresHealthPolicy.Threshold"] = health.FailureThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
                HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig
                {
                    Version = System.Net.HttpVersion.Version11,
                    VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
                },
            },
        ];
    }
}
