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

    /// <summary>The largest request body forwarded (413 beyond); the connector's upload limit by default.</summary>
    public long MaxRequestBodyBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>How long stopping may take: requests in flight finish within it.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public GatewaySignatureOptions Signatures { get; set; } = new();

    public GatewayRateLimitOptions RateLimit { get; set; } = new();

    public GatewayHealthCheckOptions HealthCheck { get; set; } = new();

    public GatewayLoggingOptions Logging { get; set; } = new();
}
