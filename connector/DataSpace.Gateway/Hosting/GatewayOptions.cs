namespace DataSpace.Gateway.Hosting;

/// <summary>
/// The gateway's settings, bound from the <c>Gateway</c> section of its configuration file (and
/// <c>--Gateway:*</c> arguments), checked before it starts (docs/gateway.md, "Configuration").
/// </summary>
public sealed class GatewayOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Gateway";

    /// <summary>The JSON configuration file read first (<c>--Gateway:ConfigFile=FILE</c>, as <c>dsc gateway --config</c> passes it).</summary>
    public string? ConfigFile { get; set; }

    /// <summary>Where Kestrel listens, separated by ';' (port 0 picks a free port).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8443";

    /// <summary>The base URLs of the connector replicas requests are forwarded to.</summary>
    public IList<string> Connectors { get; set; } = [];

    /// <summary>The secret shared with the connectors (their <c>keys/gateway.secret</c>); required.</summary>
    public string? ConnectorSecretFile { get; set; }

    /// <summary>How often the trust list is fetched again from a connector.</summary>
    public TimeSpan TrustListRefresh { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The origins clients sign for (<c>@target-uri</c>, <c>@authority</c>), such as <c>https://data.bureau.example</c>;
    /// empty (the default) derives them from the addresses the gateway listens on (docs/gateway.md, "Origins").
    /// </summary>
    public IList<string> PublicOrigins { get; set; } = [];

    /// <summary>The largest request body of every route but the job submission (413 beyond).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The largest body of the job submission route: the connector's default upload limit, a 16 MiB module in base64
    /// (22,369,624 bytes), its 1 MiB source JSON-escaped at worst (6 bytes a byte) and an ordinary body for the rest.
    /// </summary>
    public long MaxUploadBytes { get; set; } = DefaultMaxUploadBytes;

    /// <summary>
    /// The bytes of request bodies held at once over all requests; a body that finds no room gets 503. 32 MiB holds one
    /// job submission at its limit, and keeps a flood of bodies well under 100 MiB of memory (docs/benchmarks.md).
    /// </summary>
    public long MaxBufferedBodyBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>22,369,624 + 6,291,456 + 1,048,576 bytes: see <see cref="MaxUploadBytes"/>.</summary>
    internal const long DefaultMaxUploadBytes = 29_709_656;

    /// <summary>How long stopping may take: requests in flight finish within it.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public GatewaySignatureOptions Signatures { get; set; } = new();

    public GatewayRateLimitOptions RateLimit { get; set; } = new();

    public GatewayHealthCheckOptions HealthCheck { get; set; } = new();

    public GatewayLoggingOptions Logging { get; set; } = new();

    /// <summary>The Prometheus scrape endpoint, on a listener of its own (docs/gateway.md, "Metrics and traces").</summary>
    public GatewayMetricsOptions Metrics { get; set; } = new();

    /// <summary>Where traces are exported; nowhere by default.</summary>
    public GatewayTracingOptions Tracing { get; set; } = new();
}
