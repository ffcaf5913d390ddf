namespace DataSpace.Gateway.Hosting;

/// <summary>
/// The <c>Gateway:Metrics</c> section: the Prometheus scrape endpoint (docs/gateway.md, "Metrics"). It is served only on
/// a listener of its own (<see cref="Urls"/>), never on the gateway's public listener, whose routes are the allow-list alone.
/// </summary>
public sealed class GatewayMetricsOptions
{
    /// <summary>Record metrics (and serve them when <see cref="Urls"/> is set); when false neither happens.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The scrape endpoint's path on the metrics listener.</summary>
    public string Path { get; set; } = "/metrics";

    /// <summary>
    /// The metrics listener, separated by ';' (port 0 picks a free port), such as <c>http://127.0.0.1:9465</c>, on an
    /// internal address; when null metrics are recorded but not served.
    /// </summary>
    public string? Urls { get; set; }
}
